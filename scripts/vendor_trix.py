"""Copy Trix (the article editor, MIT) from an npm package into tuyentruyen/portal/static/vendor/.

    cd /tmp && npm pack trix@2.1.19 && tar xzf trix-2.1.19.tgz
    .venv/bin/python scripts/vendor_trix.py /tmp/package

The JavaScript is copied as published. The stylesheet's toolbar icons are data: URIs, which the site's
Content-Security-Policy (img-src falls back to 'self') refuses; each is written to its own SVG file beside
the stylesheet and the rule points at that file instead, so nothing else of the policy has to change.
"""

import json
import re
import shutil
import sys
from pathlib import Path
from urllib.parse import unquote

VENDOR = Path(__file__).resolve().parents[1] / "tuyentruyen" / "portal" / "static" / "vendor"
_ICON_RULE = re.compile(r'([^{}]*)\{([^{}]*?)url\("data:image/svg\+xml,([^"]+)"\)', re.S)


def icon_name(selector: str, index: int) -> str:
    found = re.search(r"--icon-([a-z0-9-]+)", selector) or re.search(r"--([a-z0-9-]+)", selector)
    return (found.group(1) if found else f"icon-{index}")


def main(package: Path) -> None:
    version = json.loads((package / "package.json").read_text())["version"]
    icons = VENDOR / f"trix-{version}-icons"
    icons.mkdir(parents=True, exist_ok=True)
    # The script as published, less its source-map comment: the map is not shipped, and collectstatic's
    # manifest storage refuses a file that names a missing one (deploy/topology up found it).
    script = (package / "dist" / "trix.umd.min.js").read_text(encoding="utf-8")
    script = re.sub(r"\n?//# sourceMappingURL=\S+\s*$", "\n", script)
    (VENDOR / f"trix-{version}.min.js").write_text(script, encoding="utf-8")
    shutil.copy(package / "LICENSE", VENDOR / "trix-LICENSE.txt")
    css = (package / "dist" / "trix.css").read_text(encoding="utf-8")
    count = 0

    def replace(match: re.Match) -> str:
        nonlocal count
        count += 1
        name = icon_name(match.group(1), count)
        (icons / f"{name}.svg").write_text(unquote(match.group(3)), encoding="utf-8")
        return f'{match.group(1)}{{{match.group(2)}url("trix-{version}-icons/{name}.svg")'

    css = _ICON_RULE.sub(replace, css)
    if "data:" in css:
        raise SystemExit("a data: URI is left in trix.css: extend the pattern")
    (VENDOR / f"trix-{version}.css").write_text(css, encoding="utf-8")
    print(f"Trix {version}: script, stylesheet and {count} icons in {VENDOR}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
