"""Procedural textures: colour helpers, hash noise, a supersampled 2D painter,
a texture atlas and a deterministic PNG encoder.

Images are float arrays (height, width, 3) holding sRGB values in [0, 1].
Pillow only rasterises shapes and text (at 3x, then box-filtered down); noise,
blur, compositing and PNG encoding are done here with numpy and zlib, so the
output bytes do not depend on Pillow's image encoders.
"""

from __future__ import annotations

import struct
import zlib
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

FONT_DIR = Path(__file__).resolve().parents[2] / "assets" / "fonts"
FONTS = {
    "regular": "DejaVuSans.ttf",
    "bold": "DejaVuSans-Bold.ttf",
    "condensed": "DejaVuSansCondensed-Bold.ttf",
}


# --------------------------------------------------------------------------- colour


def rgb(color) -> np.ndarray:
    """'#rrggbb' or a float triple -> float sRGB triple."""
    if isinstance(color, str):
        h = color.lstrip("#")
        return np.array([int(h[i : i + 2], 16) / 255.0 for i in (0, 2, 4)])
    return np.asarray(color, float)[:3]


def srgb_to_linear(color) -> np.ndarray:
    c = rgb(color)
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


# --------------------------------------------------------------------------- noise


def hash01(ix: np.ndarray, iy: np.ndarray, seed: int) -> np.ndarray:
    """Integer lattice hash -> floats in [0, 1)."""
    with np.errstate(over="ignore"):
        h = (ix.astype(np.uint32) * np.uint32(0x27D4EB2D)) ^ (
            iy.astype(np.uint32) * np.uint32(0x165667B1)
        )
        h ^= np.uint32(seed * 0x9E3779B1 & 0xFFFFFFFF)
        h ^= h >> np.uint32(15)
        h *= np.uint32(0x2C1B3C6D)
        h ^= h >> np.uint32(12)
        h *= np.uint32(0x297A2D39)
        h ^= h >> np.uint32(15)
    return h.astype(np.float64) / 4294967296.0


def white_noise(h: int, w: int, seed: int) -> np.ndarray:
    y, x = np.mgrid[0:h, 0:w]
    return hash01(x, y, seed)


def value_noise(h: int, w: int, cell: float, seed: int, tile: bool = True) -> np.ndarray:
    """Smooth value noise with lattice spacing `cell` pixels.  With tile=True the
    lattice wraps so the image tiles seamlessly (w and h should be multiples of cell)."""
    nx, ny = max(1, round(w / cell)), max(1, round(h / cell))
    fx = np.arange(w) / w * nx
    fy = np.arange(h) / h * ny
    x0, y0 = np.floor(fx).astype(int), np.floor(fy).astype(int)
    tx, ty = fx - x0, fy - y0
    tx, ty = tx * tx * (3 - 2 * tx), ty * ty * (3 - 2 * ty)
    x1, y1 = x0 + 1, y0 + 1
    if tile:
        x1, y1 = x1 % nx, y1 % ny
    X0, Y0 = np.meshgrid(x0, y0)
    X1, Y1 = np.meshgrid(x1, y1)
    TX, TY = np.meshgrid(tx, ty)
    a, b = hash01(X0, Y0, seed), hash01(X1, Y0, seed)
    c, d = hash01(X0, Y1, seed), hash01(X1, Y1, seed)
    return (a * (1 - TX) + b * TX) * (1 - TY) + (c * (1 - TX) + d * TX) * TY


def fbm(h: int, w: int, cell: float, seed: int, octaves: int = 4, tile: bool = True) -> np.ndarray:
    total, amp, norm = np.zeros((h, w)), 1.0, 0.0
    for o in range(octaves):
        total += amp * value_noise(h, w, max(cell / 2**o, 1), seed + 101 * o, tile)
        norm += amp
        amp *= 0.5
    return total / norm


def box_blur(img: np.ndarray, radius: int, passes: int = 2) -> np.ndarray:
    """Separable box blur (edge-clamped); two passes approximate a gaussian."""
    if radius <= 0:
        return img
    out = img.astype(np.float64)
    k = 2 * radius + 1
    for _ in range(passes):
        for axis in (0, 1):
            pad = [(0, 0)] * out.ndim
            pad[axis] = (radius + 1, radius)
            c = np.cumsum(np.pad(out, pad, mode="edge"), axis=axis)
            n = out.shape[axis]
            out = (np.take(c, range(k, k + n), axis=axis) - np.take(c, range(0, n), axis=axis)) / k
    return out


# --------------------------------------------------------------------------- painter


@lru_cache(maxsize=64)
def font(kind: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(
        str(FONT_DIR / FONTS[kind]), size, layout_engine=ImageFont.Layout.BASIC
    )


def _c8(color) -> tuple[int, int, int, int]:
    return tuple(int(round(v * 255)) for v in np.clip(rgb(color), 0, 1)) + (255,)


class Painter:
    """Draws antialiased flat shapes and text over a background image, in pixel
    units of the final image.  Shapes are rasterised by Pillow onto a transparent
    layer at `ss` times the resolution, box filtered, then composited."""

    def __init__(self, w: int, h: int, background="#ffffff", ss: int = 3) -> None:
        self.w, self.h, self.ss = w, h, ss
        if isinstance(background, np.ndarray):
            self.background = background[..., :3]
        else:
            self.background = np.tile(rgb(background), (h, w, 1))
        self.im = PILImage.new("RGBA", (w * ss, h * ss), (0, 0, 0, 0))
        self.draw = ImageDraw.Draw(self.im)

    def _p(self, pts):
        return [(x * self.ss, y * self.ss) for x, y in pts]

    def rect(self, x0, y0, x1, y1, fill=None, outline=None, width: float = 0) -> None:
        self.draw.rectangle(
            self._p([(x0, y0), (x1, y1)]),
            fill=fill and _c8(fill),
            outline=outline and _c8(outline),
            width=round(width * self.ss),
        )

    def rounded(self, x0, y0, x1, y1, r, fill=None, outline=None, width: float = 0) -> None:
        self.draw.rounded_rectangle(
            self._p([(x0, y0), (x1, y1)]),
            radius=r * self.ss,
            fill=fill and _c8(fill),
            outline=outline and _c8(outline),
            width=round(width * self.ss),
        )

    def ellipse(self, x0, y0, x1, y1, fill=None, outline=None, width: float = 0) -> None:
        self.draw.ellipse(
            self._p([(x0, y0), (x1, y1)]),
            fill=fill and _c8(fill),
            outline=outline and _c8(outline),
            width=round(width * self.ss),
        )

    def poly(self, pts, fill) -> None:
        self.draw.polygon(self._p(pts), fill=_c8(fill))

    def line(self, pts, fill, width: float = 1) -> None:
        self.draw.line(self._p(pts), fill=_c8(fill), width=max(1, round(width * self.ss)))

    def arc(self, x0, y0, x1, y1, start, end, fill, width: float) -> None:
        self.draw.arc(
            self._p([(x0, y0), (x1, y1)]), start, end, fill=_c8(fill), width=round(width * self.ss)
        )

    def pieslice(self, x0, y0, x1, y1, start, end, fill) -> None:
        self.draw.pieslice(self._p([(x0, y0), (x1, y1)]), start, end, fill=_c8(fill))

    def paste(self, x, y, img: np.ndarray, alpha: np.ndarray | None = None) -> None:
        """Composite an image (h, w, 3) with optional coverage (h, w) at (x, y)."""
        a = np.ones(img.shape[:2]) if alpha is None else alpha
        rgba = np.concatenate([img[..., :3], a[..., None]], axis=2)
        big = np.repeat(np.repeat(rgba, self.ss, axis=0), self.ss, axis=1)
        patch = PILImage.fromarray(np.round(np.clip(big, 0, 1) * 255).astype(np.uint8), "RGBA")
        self.im.alpha_composite(patch, dest=(round(x * self.ss), round(y * self.ss)))

    def text(
        self, x, y, s: str, size: float, fill="#000000", kind: str = "bold", anchor: str = "la"
    ) -> float:
        """Draw text with its anchor (Pillow anchor codes) at (x, y); `size` is the
        font size in pixels.  Returns the advance width in pixels."""
        f = font(kind, max(1, round(size * self.ss)))
        self.draw.text((x * self.ss, y * self.ss), s, font=f, fill=_c8(fill), anchor=anchor)
        return self.draw.textlength(s, font=f) / self.ss

    def array(self, blur: int = 0, ghost: tuple[int, int, float] | None = None) -> np.ndarray:
        """The final image.  `blur` (pixels) and `ghost` (dx, dy, opacity: a faint
        second impression) degrade the print, as on a cheap copy."""
        out = np.array(self.background, dtype=np.float64)
        bbox = self.im.getbbox()  # only the area that was drawn on
        if bbox is None:
            return out
        ss = self.ss
        margin = 3 * blur + (max(abs(ghost[0]), abs(ghost[1])) if ghost else 0) + 1
        x0, y0 = max(0, bbox[0] // ss - margin), max(0, bbox[1] // ss - margin)
        x1, y1 = min(self.w, -(-bbox[2] // ss) + margin), min(self.h, -(-bbox[3] // ss) + margin)
        # premultiply, then box filter ss x ss blocks (Pillow's reduce is an exact box average)
        small = self.im.crop((x0 * ss, y0 * ss, x1 * ss, y1 * ss)).convert("RGBa").reduce(ss)
        pm = np.asarray(small, dtype=np.float64) / 255.0
        if ghost:
            dx, dy, k = ghost
            pm = pm + np.roll(pm, (dy, dx), axis=(0, 1)) * k * (1 - pm[..., 3:])
        pm = box_blur(pm, blur)
        out[y0:y1, x0:x1] = out[y0:y1, x0:x1] * (1 - pm[..., 3:]) + pm[..., :3]
        return out


# --------------------------------------------------------------------------- atlas and PNG


def encode_png(img: np.ndarray) -> bytes:
    """Encode a float sRGB image (h, w, 3|4) in [0, 1] as an 8-bit PNG."""
    a = np.round(np.clip(img, 0, 1) * 255).astype(np.uint8)
    h, w, ch = a.shape
    sub = a.astype(np.int16)
    sub[:, 1:] -= a[:, :-1]  # PNG "Sub" filter on every row
    rows = np.concatenate(
        [np.ones((h, 1), np.uint8), (sub % 256).astype(np.uint8).reshape(h, w * ch)], axis=1
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    color_type = {3: 2, 4: 6}[ch]
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, color_type, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows.tobytes(), 6))
        + chunk(b"IEND", b"")
    )


class Atlas:
    """Packs images into one texture (shelf packing, in insertion order).  A white
    block is reserved in the bottom-right corner; `white` is a UV point in its
    centre, used by untextured, vertex-coloured parts."""

    WHITE = 64

    def __init__(self, w: int = 1024, h: int = 1024, pad: int = 4, background="#ffffff") -> None:
        self.w, self.h, self.pad = w, h, pad
        self.img = np.tile(rgb(background), (h, w, 1))
        self.img[h - self.WHITE - 2 * pad :, w - self.WHITE - 2 * pad :] = 1.0
        self._x = self._y = self._row = 0
        self._frozen = False
        c = self.WHITE // 2 + pad
        self.white = ((w - c) / w, (h - c) / h) * 2

    @staticmethod
    def _centre(r):
        return ((r[0] + r[2]) / 2, (r[1] + r[3]) / 2) * 2

    def add(self, img: np.ndarray) -> tuple[float, float, float, float]:
        """Place an image; returns its UV rectangle (u0, v0, u1, v1)."""
        h, w = img.shape[:2]
        p = self.pad
        if self._frozen:
            raise RuntimeError("atlas already encoded: add every image before calling png()")
        if w + 2 * p > self.w:
            raise ValueError(f"atlas {self.w}x{self.h} too narrow for {w}x{h} (+{p} px padding)")
        if self._x + w + 2 * p > self.w:
            self._x, self._y, self._row = 0, self._y + self._row, 0
        x, y = self._x + p, self._y + p
        corner = self.WHITE + 2 * p
        if y + h + p > self.h or (x + w + p > self.w - corner and y + h + p > self.h - corner):
            raise ValueError(f"atlas {self.w}x{self.h} full: cannot fit {w}x{h}")
        # write with an edge-replicated gutter against mipmap bleeding
        self.img[y - p : y + h + p, x - p : x + w + p] = np.pad(
            img[..., :3], ((p, p), (p, p), (0, 0)), mode="edge"
        )
        self._x += w + 2 * p
        self._row = max(self._row, h + 2 * p)
        # inset by half a texel so bilinear filtering stays inside the image
        return (
            (x + 0.5) / self.w,
            (y + 0.5) / self.h,
            (x + w - 0.5) / self.w,
            (y + h - 0.5) / self.h,
        )

    def swatch(self, color) -> tuple[float, float, float, float]:
        """A solid-colour block (e.g. for emissive parts); returns a UV point."""
        return self._centre(self.add(np.tile(rgb(color), (24, 24, 1))))

    def png(self) -> bytes:
        self._frozen = True
        return encode_png(self.img)
