"""Draw the app icons (two people side by side on the header's blue) as PNG files, with no imaging library.

Run once when the design changes: ``python3 scripts/make_icons.py``; the files are committed. The figure stays in the
middle 60 %, so the same icons work as "maskable" (a phone may crop them to a circle).
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "alongside" / "core" / "static" / "alongside" / "icons"
BLUE = (0x17, 0x47, 0x66)
WHITE = (0xFF, 0xFF, 0xFF)
LIGHT = (0x9C, 0xC8, 0xE6)
SAMPLES = 3  # per side, for smooth edges


def person(x: float, y: float, cx: float) -> bool:
    head = (x - cx) ** 2 + (y - 0.37) ** 2 <= 0.085**2
    body = (x - cx) ** 2 + (y - 0.72) ** 2 <= 0.16**2 and y <= 0.70
    return head or body


def colour_at(x: float, y: float) -> tuple[int, int, int]:
    if person(x, y, 0.41):
        return WHITE
    if person(x, y, 0.60):
        return LIGHT
    return BLUE


def png(size: int) -> bytes:
    rows = []
    for j in range(size):
        row = bytearray([0])
        for i in range(size):
            total = [0, 0, 0]
            for sj in range(SAMPLES):
                for si in range(SAMPLES):
                    c = colour_at((i + (si + 0.5) / SAMPLES) / size, (j + (sj + 0.5) / SAMPLES) / size)
                    total = [t + v for t, v in zip(total, c, strict=True)]
            row += bytes(round(t / SAMPLES**2) for t in total)
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        (OUT / f"icon-{size}.png").write_bytes(png(size))
        print(OUT / f"icon-{size}.png")
