"""Draw the site's default share image (1200×630) and its logo (512×512) into static/img.

Run once when the site name or colours change, then commit the two PNGs:
    .venv/bin/python scripts/make-share-images.py "ICT職 採用インタビュー"
Needs a Japanese font (Debian: fonts-noto-cjk).
"""

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

BRAND, INK, PAPER = "#0b5cad", "#1f2328", "#ffffff"
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
OUT = Path(__file__).resolve().parent.parent / "static" / "img"


def clock(draw, cx, cy, r, width):
    """The favicon's mark: a clock face, for "one day's schedule"."""
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=PAPER, width=width)
    draw.line((cx, cy - r * 0.65, cx, cy), fill=PAPER, width=width)
    draw.line((cx, cy, cx + r * 0.45, cy + r * 0.35), fill=PAPER, width=width)


def logo():
    image = Image.new("RGB", (512, 512), BRAND)
    clock(ImageDraw.Draw(image), 256, 256, 150, 36)
    image.save(OUT / "logo.png", optimize=True)


def share(title):
    image = Image.new("RGB", (1200, 630), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 1200, 24), fill=BRAND)
    draw.rounded_rectangle((80, 227, 280, 427), radius=36, fill=BRAND)
    clock(draw, 180, 327, 62, 14)
    font = ImageFont.truetype(FONT, 72, index=0)  # index 0: the Japanese face
    draw.text((330, 277), title, font=font, fill=INK)
    small = ImageFont.truetype(FONT, 36, index=0)
    draw.text((330, 387), "1日のスケジュールで知る、ICT職の仕事", font=small, fill=BRAND)
    image.save(OUT / "share.png", optimize=True)


if __name__ == "__main__":
    logo()
    share(sys.argv[1] if len(sys.argv) > 1 else "ICT職 採用インタビュー")
