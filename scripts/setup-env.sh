# Shared by ./run and ./test: the virtual environment and the Debian packages the product uses.
# Sourced, not executed. Each step is skipped when already done, so a second run is quick.

PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3

ensure_venv() {  # $1: requirements file
  local req=$1 stamp=.venv/.installed-$(basename "$1" .txt)
  if [ ! -x .venv/bin/python ]; then
    echo "→ Tạo môi trường ảo Python (.venv)"
    "$PY" -m venv .venv
  fi
  local want
  want=$(cat requirements*.txt | sha256sum | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "→ Cài thư viện Python từ $req"
    .venv/bin/pip install --quiet --disable-pip-version-check -r "$req"
    echo "$want" > "$stamp"
  fi
}

apt_ensure() {  # $@: Debian packages; installs the missing ones when we can (root or sudo)
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo -n"; else
      echo "! Thiếu gói Debian: ${missing[*]} (không có quyền cài; một số chức năng sẽ báo thiếu)." >&2
      return 0
    fi
  fi
  echo "→ Cài gói Debian: ${missing[*]}"
  $sudo apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { echo "! Không cài được: ${missing[*]}" >&2; return 1; }
}

# LibreOffice converts exported DOCX to PDF; Liberation Serif (fonts-liberation2) stands in for
# Times New Roman with Vietnamese letters; espeak-ng reads radio bulletins aloud.
RUNTIME_DEBS=(libreoffice-writer fonts-liberation2 espeak-ng lame)
