#!/usr/bin/env python3
"""Generate the app icons in public/icons/ (standard library only, deterministic).

A dark-red (#9b1c1c) rounded square with a white exclamation mark:
  icon-192.png, icon-512.png   rounded square, transparent corners ("any")
  icon-maskable-512.png        full-bleed square, mark kept inside the safe zone
  icon.svg                     the same drawing as a vector
Edges are anti-aliased from signed distance functions; PNGs are written with zlib.
Run: python3 scripts/make_icons.py
"""
import math
import pathlib
import struct
import zlib

OUT = pathlib.Path(__file__).resolve().parent.parent / "public" / "icons"
RED = (0x9B, 0x1C, 0x1C)
WHITE = (0xFF, 0xFF, 0xFF)

# Geometry in units of the icon size (0..1).
CORNER = 0.1875                              # background corner radius
BAR = (0.5, 0.42, 0.065, 0.20, 0.065)        # cx, cy, half-width, half-height, radius
DOT = (0.5, 0.76, 0.075)                     # cx, cy, radius


def sd_round_box(x, y, cx, cy, hw, hh, r):
    """Signed distance to a rounded rectangle (negative inside)."""
    qx, qy = abs(x - cx) - (hw - r), abs(y - cy) - (hh - r)
    outside = math.hypot(max(qx, 0.0), max(qy, 0.0))
    return outside + min(max(qx, qy), 0.0) - r


def coverage(d_px):
    """Pixel coverage from a signed distance in pixels (1px anti-aliasing ramp)."""
    return min(1.0, max(0.0, 0.5 - d_px))


def render(size, maskable):
    mark_scale = 0.8 if maskable else 1.0    # maskable: keep the mark well inside 80%
    rows = []
    for py in range(size):
        row = bytearray([0])                 # PNG filter type 0 (None)
        for px in range(size):
            x, y = (px + 0.5) / size, (py + 0.5) / size
            if maskable:
                bg = 1.0
            else:
                bg = coverage(sd_round_box(x, y, 0.5, 0.5, 0.5, 0.5, CORNER) * size)
            # Mark coordinates: scale about the centre.
            mx, my = 0.5 + (x - 0.5) / mark_scale, 0.5 + (y - 0.5) / mark_scale
            d = min(sd_round_box(mx, my, *BAR), math.hypot(mx - DOT[0], my - DOT[1]) - DOT[2])
            fg = coverage(d * size * mark_scale)
            rgb = [round(r + (w - r) * fg) for r, w in zip(RED, WHITE)]
            row += bytes(rgb + [round(255 * bg)])
        rows.append(bytes(row))
    return b"".join(rows)


def png(size, raw):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def svg():
    cx, cy, hw, hh, r = BAR
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">'
        f'<rect width="512" height="512" rx="{CORNER * 512:g}" fill="#9b1c1c"/>'
        f'<rect x="{(cx - hw) * 512:g}" y="{(cy - hh) * 512:g}" width="{2 * hw * 512:g}" '
        f'height="{2 * hh * 512:g}" rx="{r * 512:g}" fill="#fff"/>'
        f'<circle cx="{DOT[0] * 512:g}" cy="{DOT[1] * 512:g}" r="{DOT[2] * 512:g}" fill="#fff"/>'
        "</svg>\n"
    )


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, size, maskable in [("icon-192.png", 192, False), ("icon-512.png", 512, False),
                                 ("icon-maskable-512.png", 512, True)]:
        data = png(size, render(size, maskable))
        (OUT / name).write_bytes(data)
        print(f"{name}: {len(data)} bytes")
    (OUT / "icon.svg").write_text(svg())
    print("icon.svg written")


if __name__ == "__main__":
    main()
