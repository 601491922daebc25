"""Draw the public site's app icons (tuyentruyen/portal/static/portal/icon-192.png, icon-512.png).

Shapes only, no font, so the same command always draws the same pictures: the site's red with a yellow
star inside a white ring, kept within the central 80 % that launchers may crop to a circle ("maskable").
Run once after changing the design: .venv/bin/python scripts/make_pwa_icons.py
"""

import math
from pathlib import Path

from PIL import Image, ImageDraw

BRAND = (155, 28, 28)  # --brand in portal/public.css, also the manifest's theme colour
STAR = (255, 210, 0)
RING = (255, 255, 255)
OUT = Path(__file__).resolve().parent.parent / "tuyentruyen" / "portal" / "static" / "portal"


def star_points(cx: float, cy: float, outer: float, inner: float) -> list[tuple[float, float]]:
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def draw(size: int) -> Image.Image:
    scale = 4  # drawn large, then reduced: smooth edges without antialiasing support in ImageDraw
    big = size * scale
    image = Image.new("RGB", (big, big), BRAND)
    pen = ImageDraw.Draw(image)
    centre = big / 2
    ring_outer, ring_width = big * 0.36, big * 0.035
    pen.ellipse([centre - ring_outer, centre - ring_outer, centre + ring_outer, centre + ring_outer],
                outline=RING, width=round(ring_width))
    pen.polygon(star_points(centre, centre + big * 0.015, big * 0.27, big * 0.108), fill=STAR)
    return image.resize((size, size), Image.LANCZOS)


def main() -> None:
    for size in (192, 512):
        path = OUT / f"icon-{size}.png"
        draw(size).save(path, optimize=True)
        print(path, path.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
