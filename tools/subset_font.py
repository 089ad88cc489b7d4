"""Makes assets/fonts/AttnGothic.ttf, the font attn draws PNG figures with (src/app/figure_font.ts).

A subset of NanumGothic (SIL OFL 1.1, NAVER Corporation; Debian package fonts-nanum) to what the
figures need: ASCII, Latin-1, Greek, punctuation, arrows and math symbols, box drawing and
blocks, the compatibility jamo and all 11,172 Hangul syllables. Renamed "AttnGothic" because the
OFL reserves the name NanumGothic for the unmodified font.

Run with Debian's python3 and python3-fonttools:
  apt-get install fonts-nanum python3-fonttools
  /usr/bin/python3 tools/subset_font.py
"""
from fontTools import subset
from fontTools.ttLib import TTFont

SOURCE = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"
TARGET = "assets/fonts/AttnGothic.ttf"
FAMILY = "AttnGothic"
UNICODES = [
    (0x20, 0x7E), (0xA0, 0xFF), (0x370, 0x3FF), (0x2000, 0x206F), (0x2190, 0x21FF),
    (0x2200, 0x22FF), (0x2420, 0x2426), (0x2500, 0x25FF), (0x3000, 0x303F),
    (0x3130, 0x318F), (0xAC00, 0xD7A3), (0xFF01, 0xFF5E),
]

options = subset.Options()
options.hinting = False  # figures are drawn anti-aliased at any size; hints only add bytes
options.layout_features = ["kern"]
options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
options.name_languages = [0x409]
font = subset.load_font(SOURCE, options)
subsetter = subset.Subsetter(options)
subsetter.populate(unicodes=[u for lo, hi in UNICODES for u in range(lo, hi + 1)])
subsetter.subset(font)
for record in font["name"].names:
    if record.nameID in (1, 4, 16):
        record.string = FAMILY
    elif record.nameID == 6:
        record.string = FAMILY + "-Regular"
    elif record.nameID == 3:
        record.string = FAMILY + ";subset of NanumGothic 3.021"
for table in [t for t in font.keys() if t.startswith("TSI")]:
    del font[table]  # VTT hinting sources: not needed to draw
font.save(TARGET)
print(TARGET)
