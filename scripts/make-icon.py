"""Draws the app icon (resources/build/icon.png, 1024x1024 RGBA): a teal rounded square with a
white care cross and a pulse line. Plain Python (zlib), so it runs on a machine without image
tools; electron-builder makes the .ico and .icns from this PNG."""
import math
import struct
import sys
import zlib

SIZE = 1024
TEAL = (11, 114, 100)
WHITE = (255, 255, 255)


def inside_rounded(x, y, inset, radius):
    lo, hi = inset, SIZE - inset
    cx = min(max(x, lo + radius), hi - radius)
    cy = min(max(y, lo + radius), hi - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius**2 and lo <= x <= hi and lo <= y <= hi


def near_segment(px, py, ax, ay, bx, by, half):
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy)) <= half


CROSS = [(512, 190, 512, 570), (322, 380, 702, 380)]
PULSE = [(200, 790), (400, 790), (450, 722), (510, 862), (570, 752), (610, 790), (824, 790)]


def pixel(x, y):
    if not inside_rounded(x, y, 48, 180):
        return (0, 0, 0, 0)
    for ax, ay, bx, by in CROSS:
        if near_segment(x, y, ax, ay, bx, by, 62):
            return (*WHITE, 255)
    for (ax, ay), (bx, by) in zip(PULSE, PULSE[1:]):
        if near_segment(x, y, ax, ay, bx, by, 22):
            return (*WHITE, 255)
    return (*TEAL, 255)


def png(path):
    rows = bytearray()
    for y in range(SIZE):
        rows.append(0)
        for x in range(SIZE):
            rows.extend(pixel(x + 0.5, y + 0.5))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)
    with open(path, "wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n")
        out.write(chunk(b"IHDR", header))
        out.write(chunk(b"IDAT", zlib.compress(bytes(rows), 9)))
        out.write(chunk(b"IEND", b""))


if __name__ == "__main__":
    png(sys.argv[1] if len(sys.argv) > 1 else "resources/build/icon.png")
