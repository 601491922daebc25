# Sourced by ./run: keep one process running, on its own.
# Each process is supervised on its own: one that stops is started again alone, after a pause that
# doubles on each quick failure (1 s … 60 s) and resets once it has run for a minute, while the others
# keep serving. /healthz reports each of them.
supervise() {  # $1: name (log file VAR_DIR/$1.log), then the command
  local name=$1 child="" pause=1 started
  shift
  # On TERM: stop the process and wait for it (the trap runs under ./run's set -e, hence the || true).
  trap 'if [ -n "$child" ]; then kill -TERM "$child" 2>/dev/null || true; wait "$child" 2>/dev/null || true; fi; exit 0' TERM INT
  while true; do
    started=$SECONDS
    "$@" >> "$VAR_DIR/$name.log" 2>&1 &
    child=$!
    wait "$child" && status=0 || status=$?
    child=""
    [ $((SECONDS - started)) -ge 60 ] && pause=1
    echo "$(date -u +%FT%TZ) $name đã dừng (mã $status); khởi động lại sau $pause giây" | tee -a "$VAR_DIR/$name.log" >&2
    sleep "$pause" & wait $! || true
    pause=$((pause * 2 > 60 ? 60 : pause * 2))
  done
}
