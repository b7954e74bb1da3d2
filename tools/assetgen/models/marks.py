"""Printed marks drawn with a Painter: conformity mark, lithium battery handling
mark, class 9 hazard label, handling symbols, recycling bin, barcode, brand logo.

All functions take the top-left corner and a size in pixels of the target image.
The conformity mark and the brand are drawn "genuine" or "counterfeit"; the
differences are the cues a trainee is expected to notice.
"""

from __future__ import annotations

import numpy as np

from ..tex import Painter, hash01

BLACK, WHITE, RED = "#111111", "#ffffff", "#d2202a"
BRAND_GREEN = "#0f7a4d"


def conformity_mark(
    p: Painter, x: float, y: float, h: float, color=BLACK, fake: bool = False
) -> float:
    """The 'CE' conformity mark, built from two circles as the regulation draws it:
    each letter is half a ring, the circles touch, and the middle bar of the E is
    shorter than its arms.  The fake squeezes the letters together (the familiar
    look-alike), thins the strokes and runs the E's bar out to full length.
    Returns the mark's width."""
    r = h / 2
    stroke = r * (0.24 if fake else 0.34)
    gap = 0.22 * r if fake else r  # distance from the end of the C to the back of the E
    cy = y + r
    cx_c = x + r
    cx_e = cx_c + gap + r
    for cx in (cx_c, cx_e):
        p.arc(cx - r, cy - r, cx + r, cy + r, 90, 270, color, stroke)
    bar_end = cx_e if fake else cx_e - 0.12 * r
    p.rect(cx_e - r + stroke * 0.5, cy - stroke / 2, bar_end, cy + stroke / 2, fill=color)
    return cx_e - x


def lithium_mark(
    p: Painter, x: float, y: float, w: float, un: str = "UN3480", phone: str = "+44 1632 960 118"
) -> None:
    """Lithium battery handling mark: red hatched border, cells with a flame, UN number."""
    h = w * 74 / 105
    m = Painter(round(w), round(h), WHITE, ss=p.ss)
    m.rect(0, 0, w, h, fill=RED)
    step = w / 14
    k = -h
    while k < w + h:
        m.poly([(k, 0), (k + step / 2, 0), (k + step / 2 + h, h), (k + h, h)], WHITE)
        k += step
    b = w * 0.07
    m.rect(b, b, w - b, h - b, fill=WHITE)
    # three cells, the last one damaged and burning
    cw, ch = w * 0.12, h * 0.30
    top = h * 0.16
    for i in range(3):
        cx = w * 0.22 + i * (cw + w * 0.05)
        m.rounded(
            cx,
            top,
            cx + cw,
            top + ch,
            cw * 0.15,
            fill=WHITE,
            outline=BLACK,
            width=max(1.0, w * 0.012),
        )
        m.rect(cx + cw * 0.3, top - ch * 0.12, cx + cw * 0.7, top, fill=BLACK)
        m.text(cx + cw / 2, top + ch * 0.55, "+", ch * 0.5, BLACK, anchor="mm")
    fx = w * 0.22 + 3 * (cw + w * 0.05) - w * 0.01
    fy = top + ch
    m.poly(
        [
            (fx, fy),
            (fx + cw * 0.2, fy - ch * 0.9),
            (fx + cw * 0.45, fy - ch * 0.45),
            (fx + cw * 0.6, fy - ch * 1.15),
            (fx + cw * 0.85, fy - ch * 0.4),
            (fx + cw, fy),
        ],
        RED,
    )
    m.text(w / 2, h * 0.64, un, h * 0.17, BLACK, anchor="mm")
    m.text(w / 2, h * 0.82, f"Tel: {phone}", h * 0.075, BLACK, kind="regular", anchor="mm")
    p.paste(x, y, m.array())


def class9_label(p: Painter, x: float, y: float, s: float) -> None:
    """Class 9 (lithium batteries) hazard diamond, s = width of the diamond."""
    lab = Painter(round(s), round(s), WHITE, ss=p.ss)
    c = s / 2
    lab.poly([(c, 0), (s, c), (c, s), (0, c)], WHITE)
    inset = s * 0.04
    lab.poly([(c, inset), (s - inset, c), (c, s - inset), (inset, c)], BLACK)
    i2 = inset + s * 0.012
    lab.poly([(c, i2), (s - i2, c), (c, s - i2), (i2, c)], WHITE)
    # seven vertical stripes in the upper half
    left, right = i2 + s * 0.05, s - i2 - s * 0.05
    width = (right - left) / 13
    for k in range(7):
        xa, xb = left + 2 * k * width, left + (2 * k + 1) * width
        pts = [(xa, i2 + abs(xa - c)), (xb, i2 + abs(xb - c))]
        if xa < c < xb:
            pts.insert(1, (c, i2))
        lab.poly(pts + [(xb, c), (xa, c)], BLACK)
    # two cells, one burning, then the class number
    cw, ch = s * 0.09, s * 0.14
    for i in range(2):
        cx = c - s * 0.14 + i * s * 0.13
        lab.rounded(
            cx,
            c + s * 0.06,
            cx + cw,
            c + s * 0.06 + ch,
            cw * 0.15,
            fill=WHITE,
            outline=BLACK,
            width=max(1.0, s * 0.012),
        )
        lab.rect(cx + cw * 0.3, c + s * 0.045, cx + cw * 0.7, c + s * 0.06, fill=BLACK)
    lab.text(c, s * 0.83, "9", s * 0.13, BLACK, anchor="mm")
    lab.rect(c - s * 0.05, s * 0.92, c + s * 0.05, s * 0.93, fill=BLACK)
    arr = lab.array()
    # paste only the diamond: blend the corners with what is already there
    yy, xx = np.mgrid[0 : arr.shape[0], 0 : arr.shape[1]] + 0.5
    inside = np.clip(c - (np.abs(xx - c) + np.abs(yy - c)) + 0.5, 0, 1)
    p.paste(x, y, arr, alpha=inside)


def this_way_up(p: Painter, x: float, y: float, h: float, color=BLACK) -> None:
    """Two upward arrows over a bar (ISO 780 'this way up')."""
    w = h * 0.8
    for k in range(2):
        ax = x + w * (0.25 + 0.5 * k)
        p.rect(ax - h * 0.05, y + h * 0.3, ax + h * 0.05, y + h * 0.85, fill=color)
        p.poly([(ax, y), (ax - h * 0.17, y + h * 0.32), (ax + h * 0.17, y + h * 0.32)], color)
    p.rect(x, y + h * 0.9, x + w, y + h, fill=color)


def keep_dry(p: Painter, x: float, y: float, h: float, color=BLACK) -> None:
    """Umbrella with rain drops."""
    w = h
    cx = x + w / 2
    p.pieslice(x + w * 0.08, y + h * 0.2, x + w * 0.92, y + h * 0.8, 180, 360, color)
    p.line([(cx, y + h * 0.45), (cx, y + h * 0.85)], color, h * 0.05)
    p.arc(cx - h * 0.12, y + h * 0.75, cx + 0.0, y + h * 0.95, 0, 180, color, h * 0.05)
    for dx, dy in ((0.15, 0.05), (0.5, 0.0), (0.85, 0.05)):
        p.line(
            [(x + w * dx, y + h * dy), (x + w * dx - h * 0.03, y + h * (dy + 0.1))], color, h * 0.04
        )


def weee_bin(p: Painter, x: float, y: float, h: float, color=BLACK) -> None:
    """Crossed-out wheelie bin with the bar underneath."""
    w = h * 0.7
    lw = max(1.0, h * 0.06)
    p.rect(x + w * 0.15, y + h * 0.2, x + w * 0.85, y + h * 0.75, outline=color, width=lw)
    p.rect(x + w * 0.08, y + h * 0.13, x + w * 0.92, y + h * 0.2, fill=color)
    p.ellipse(x + w * 0.2, y + h * 0.72, x + w * 0.36, y + h * 0.84, fill=color)
    p.line([(x, y + h * 0.08), (x + w, y + h * 0.84)], color, lw)
    p.line([(x + w, y + h * 0.08), (x, y + h * 0.84)], color, lw)
    p.rect(x, y + h * 0.9, x + w, y + h, fill=color)


def barcode(p: Painter, x: float, y: float, w: float, h: float, digits: str, seed: int) -> None:
    """An EAN-13-looking barcode (pattern derived from a hash, not a real encoding)."""
    modules = 95
    mw = w / modules
    bits = hash01(np.arange(modules), np.zeros(modules, int), seed) > 0.5
    guards = {0, 2, 46, 48, 92, 94}
    for i in range(modules):
        if i in guards or (bits[i] and i not in (1, 47, 93, 45, 49)):
            tall = h if i in guards else h * 0.88
            p.rect(x + i * mw, y, x + (i + 1) * mw - mw * 0.05, y + tall, fill=BLACK)
    p.text(x + w / 2, y + h * 0.9, digits, h * 0.2, BLACK, kind="regular", anchor="ma")


def lightning(p: Painter, x: float, y: float, h: float, color) -> None:
    w = h * 0.6
    p.poly(
        [
            (x + w * 0.55, y),
            (x + w * 0.05, y + h * 0.58),
            (x + w * 0.45, y + h * 0.58),
            (x + w * 0.3, y + h),
            (x + w * 0.95, y + h * 0.38),
            (x + w * 0.55, y + h * 0.38),
            (x + w * 0.8, y),
        ],
        color,
    )


def brand(
    p: Painter, x: float, y: float, h: float, name: str = "VOLTARA", color=BRAND_GREEN
) -> float:
    """Lightning bolt followed by the brand name; returns the total width."""
    lightning(p, x, y, h, color)
    return h * 0.7 + p.text(x + h * 0.7, y + h * 0.5, name, h * 0.95, color, anchor="lm")
