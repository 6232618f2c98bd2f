#!/usr/bin/env python3
"""Draws the wakadesk icon (a clock face on a rounded square) as RGBA PNGs in icons/,
and as raw ARGB32 for the tray (tray-<n>.argb), the pixel format a StatusNotifierItem
sends over D-Bus, so the tray needs no image decoder.

Pure standard library, so it runs anywhere Python does. Re-run after changing the design.
"""
import math
import struct
import sys
import zlib
from pathlib import Path

SIZES = {"32x32.png": 32, "128x128.png": 128, "128x128@2x.png": 256, "icon.png": 512}
# Panels are 22 to 32 pixels high on most desktops; the host scales the nearest size.
TRAY_SIZES = {"tray-22.argb": 22, "tray-32.argb": 32}


def pixel(x, y, n):
    """Colour of one pixel, with 4x4 supersampling for smooth edges."""
    acc = [0.0, 0.0, 0.0, 0.0]
    for sy in range(4):
        for sx in range(4):
            u = (x + (sx + 0.5) / 4) / n
            v = (y + (sy + 0.5) / 4) / n
            r, g, b, a = sample(u, v)
            acc[0] += r * a
            acc[1] += g * a
            acc[2] += b * a
            acc[3] += a
    a = acc[3] / 16
    if a == 0:
        return (0, 0, 0, 0)
    return tuple(int(round(c / acc[3])) for c in acc[:3]) + (int(round(a * 255)),)


def sample(u, v):
    # rounded square background
    m, rad = 0.06, 0.2
    qx = max(abs(u - 0.5) - (0.5 - m - rad), 0)
    qy = max(abs(v - 0.5) - (0.5 - m - rad), 0)
    if math.hypot(qx, qy) > rad:
        return (0, 0, 0, 0)
    top, bottom = (37, 99, 235), (13, 148, 136)
    bg = tuple(int(t + (b - t) * v) for t, b in zip(top, bottom))
    d = math.hypot(u - 0.5, v - 0.5)
    white = (255, 255, 255, 1.0)
    if 0.27 <= d <= 0.32:
        return white
    # hands: to 12 o'clock and to 4 o'clock
    for ang, length in ((-90, 0.21), (30, 0.16)):
        t = math.radians(ang)
        ex, ey = 0.5 + length * math.cos(t), 0.5 + length * math.sin(t)
        if dist_to_segment(u, v, 0.5, 0.5, ex, ey) < 0.028:
            return white
    return bg + (1.0,)


def dist_to_segment(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    t = max(0, min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def png(n):
    rows = b"".join(b"\0" + bytes(c for x in range(n) for c in pixel(x, y, n)) for y in range(n))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", n, n, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def argb(n):
    """Rows of pixels, each A, R, G, B (big-endian ARGB32, not premultiplied), no header."""
    out = bytearray()
    for y in range(n):
        for x in range(n):
            r, g, b, a = pixel(x, y, n)
            out += bytes((a, r, g, b))
    return bytes(out)


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "icons")
    out.mkdir(parents=True, exist_ok=True)
    for name, n in SIZES.items():
        (out / name).write_bytes(png(n))
        print(f"wrote {out / name}")
    for name, n in TRAY_SIZES.items():
        (out / name).write_bytes(argb(n))
        print(f"wrote {out / name}")


if __name__ == "__main__":
    main()
