"""Draws the demo portraits: simple, clearly illustrated (not photographic) faces.

Run `python interviews/demo/make_portraits.py` to regenerate images/*.png.
"""

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent / "images"
SIZE = 240

# name: (background, hair, skin, clothes, hair style)
PEOPLE = {
    "person-a": ("#dbe9f7", "#3b2a20", "#f2c9a0", "#0b5cad", "short"),
    "person-b": ("#e3f2e6", "#1c1c1c", "#edc197", "#1c7a3e", "long"),
    "person-c": ("#f3e6f7", "#5a3825", "#f5d0b0", "#7a3fa0", "bob"),
    "person-d": ("#fbeadb", "#2b2b2b", "#e8b88f", "#9a4a00", "short"),
    "person-e": ("#e6eef0", "#6b6b6b", "#f0c8a4", "#37474f", "short"),
    "person-f": ("#fdf1d8", "#2e1f14", "#f2c9a0", "#b23a48", "long"),
    "person-g": ("#e0f0f7", "#1a1a1a", "#e6b58c", "#00695c", "bob"),
    "person-h": ("#efe8f8", "#4a3020", "#f4cfae", "#3949ab", "short"),
}


def draw(background, hair, skin, clothes, style):
    img = Image.new("RGB", (SIZE, SIZE), background)
    d = ImageDraw.Draw(img)
    d.ellipse((40, 170, 200, 330), fill=clothes)  # shoulders
    d.rectangle((105, 140, 135, 180), fill=skin)  # neck
    if style == "long":
        d.rounded_rectangle((62, 60, 178, 190), radius=50, fill=hair)
    d.ellipse((70, 55, 170, 165), fill=skin)  # face
    if style == "short":
        d.chord((66, 40, 174, 130), 180, 360, fill=hair)
    elif style == "bob":
        d.chord((62, 42, 178, 150), 170, 370, fill=hair)
    else:
        d.chord((64, 42, 176, 135), 180, 360, fill=hair)
    d.ellipse((97, 105, 107, 115), fill="#2b2b2b")  # eyes
    d.ellipse((133, 105, 143, 115), fill="#2b2b2b")
    d.arc((105, 118, 135, 142), 20, 160, fill="#8a4b3a", width=3)  # smile
    return img


if __name__ == "__main__":
    OUT.mkdir(exist_ok=True)
    for name, spec in PEOPLE.items():
        draw(*spec).save(OUT / f"{name}.png", optimize=True)
        print(OUT / f"{name}.png")
