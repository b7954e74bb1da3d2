"""Cargo: EUR pallet, battery cartons (genuine and counterfeit), a wrapped pallet
of counterfeit cartons, and a downtube e-bike battery pack.

Origins are at the centre of the bottom face.  Cartons are 0.40 x 0.26 x 0.22 m
(long sides facing +/-Y carry the printed label and the lithium battery mark,
the ends carry the class 9 label); the pallet is 1.2 m along X, 0.8 m along Y.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..gltf import Material, Node
from ..mesh import MeshBuilder, Rect, box, cylinder, loft, quad, rot_y, rot_z, translate
from ..tex import Atlas, Painter, rgb, value_noise
from . import marks
from .common import atlas_materials, cardboard, wood

CL, CW, CH = 0.40, 0.26, 0.22  # carton
PL, PW, PH = 1.2, 0.8, 0.144  # EUR pallet

GENUINE = dict(name="VOLTARA", green=marks.BRAND_GREEN, fake=False)
COUNTERFEIT = dict(name="VOLTRA", green="#2f8f3c", fake=True)


@dataclass
class CartonRects:
    side: Rect
    end: Rect
    top: Rect


# --------------------------------------------------------------------------- carton textures


def _degrade(p: Painter, fake: bool):
    # the counterfeit print is soft and slightly doubled (poor plate registration)
    return p.array(blur=2, ghost=(3, 2, 0.35)) if fake else p.array()


def _carton_side(style: dict, seed: int) -> np.ndarray:
    """Long side, 0.40 x 0.22 m at 2560 px/m."""
    w, h = 1024, 563
    name, green, fake = style["name"], style["green"], style["fake"]
    p = Painter(w, h, cardboard(h, w, seed))
    marks.brand(p, 50, 56, 92, name, green)
    p.text(52, 190, "E-BIKE BATTERY PACK", 44, "#1d1d1b")
    p.text(52, 250, "Li-ion   36V   13Ah   468Wh", 36, "#1d1d1b", kind="regular")
    # product illustration: the downtube pack
    p.rounded(52, 322, 560, 420, 40, fill="#2a2d31")
    p.rounded(70, 350, 542, 372, 10, fill=green)
    p.text(300, 396, name, 22, "#e8e8e8", anchor="mm")
    p.text(52, 470, "Keep away from heat, fire and water.", 20, "#1d1d1b", kind="regular")
    p.text(52, 498, "Do not short-circuit, crush or puncture.", 20, "#1d1d1b", kind="regular")
    # white product label with model, ratings, serial, barcode and marks
    p.rounded(616, 36, 990, 334, 10, fill="#f7f7f2", outline="#b8b8b0", width=2)
    p.text(636, 52, name, 34, green)
    p.text(636, 100, "E-bike battery  VT-3613-DT", 19, "#111111", kind="regular")
    p.text(636, 127, "Li-ion  36 V DC  13 Ah  468 Wh", 19, "#111111", kind="regular")
    p.text(636, 154, "Cells 10S4P 18650  UN38.3 tested", 17, "#111111", kind="regular")
    p.text(636, 180, "S/N  VT2406-018842", 17, "#111111", kind="regular")
    marks.barcode(p, 636, 216, 210, 96, "4 260712 345670", seed=7)
    marks.conformity_mark(p, 872, 222, 44, fake=fake)
    marks.weee_bin(p, 890, 276, 46)
    marks.lithium_mark(p, 650, 356, 250)
    return _degrade(p, fake)


def _carton_end(style: dict, seed: int) -> np.ndarray:
    """End, 0.26 x 0.22 m at 2560 px/m."""
    w, h = 666, 563
    p = Painter(w, h, cardboard(h, w, seed))
    marks.class9_label(p, 40, 50, 260)
    marks.this_way_up(p, 360, 70, 140)
    marks.keep_dry(p, 500, 70, 130)
    p.text(w / 2, 400, "UN3480", 70, "#111111", anchor="mm")
    p.text(w / 2, 462, "LITHIUM ION BATTERIES", 32, "#111111", anchor="mm")
    p.text(
        w / 2,
        510,
        f"{style['name']}   QTY 1 PC   G.W. 4.2 KG",
        22,
        "#111111",
        kind="regular",
        anchor="mm",
    )
    return _degrade(p, style["fake"])


def _carton_top(style: dict, seed: int) -> np.ndarray:
    """Top, 0.40 x 0.26 m at 1600 px/m: flap seam and packing tape along X."""
    w, h = 640, 416
    img = cardboard(h, w, seed)
    p = Painter(w, h, img)
    p.line([(0, h / 2), (w, h / 2)], "#6e5235", 2)
    out = p.array()
    band = slice(h // 2 - 38, h // 2 + 39)
    tape = rgb("#c8a26a") * 0.55 + out[band] * 0.45
    gloss = value_noise(77, w, 40, seed + 9, tile=False)[..., None]
    out[band] = tape * (0.95 + 0.1 * gloss)
    if not style["fake"]:  # branded tape on the genuine carton only
        t = Painter(w, 77, out[band])
        for k in range(3):
            marks.brand(t, 24 + k * 215, 25, 28, style["name"], style["green"])
        out[band] = t.array()
    return out


def carton_rects(atlas: Atlas, style: dict, seed: int) -> CartonRects:
    return CartonRects(
        atlas.add(_carton_side(style, seed)),
        atlas.add(_carton_end(style, seed + 1)),
        atlas.add(_carton_top(style, seed + 2)),
    )


def carton_geo(r: CartonRects, at=(0.0, 0.0, 0.0), turned: bool = False):
    faces = {"+y": r.side, "-y": r.side, "+x": r.end, "-x": r.end, "+z": r.top, "-z": r.top}
    g = box((CL, CW, CH), (0, 0, CH / 2), faces=faces)
    m = translate(*at)
    if turned:
        m = m @ rot_z(180)
    return g.transformed(m)


def _carton(style: dict, name: str) -> Node:
    atlas = Atlas(2048, 1024, background="#a88a60")
    rects = carton_rects(atlas, style, seed=31 if not style["fake"] else 41)
    _img, m = atlas_materials(atlas, name, cardboard=dict(roughness=0.85))
    mb = MeshBuilder(atlas.white)
    mb.add(m["cardboard"], carton_geo(rects))
    return Node(name, mb.primitives())


def build_carton_genuine() -> Node:
    return _carton(GENUINE, "battery_carton_genuine")


def build_carton_counterfeit() -> Node:
    return _carton(COUNTERFEIT, "battery_carton_counterfeit")


# --------------------------------------------------------------------------- pallet


@dataclass
class PalletRects:
    along_x: Rect
    along_y: Rect
    block: Rect


def pallet_rects(atlas: Atlas, seed: int = 51) -> PalletRects:
    ax = atlas.add(wood(64, 512, seed))
    ay = atlas.add(wood(384, 64, seed + 1, along_x=False))
    blk = wood(96, 144, seed + 2, "#c29a5e")
    p = Painter(144, 96, blk)
    p.text(72, 34, "HT", 26, "#3a2a1a", anchor="mm")
    p.text(72, 66, "1200x800", 16, "#3a2a1a", anchor="mm", kind="regular")
    return PalletRects(ax, ay, atlas.add(p.array()))


def add_pallet(
    mb: MeshBuilder, mat: Material, r: PalletRects, color="#ffffff", xform=None
) -> None:
    """EUR pallet: 3 bottom boards, 9 blocks, 3 stringer boards, 5 top deck boards."""

    def board_x(width, y, z0):
        mb.add(mat, box((PL, width, 0.022), (0, y, z0 + 0.011), default=r.along_x), color, xform)

    for y, wd in ((-0.35, 0.1), (0.0, 0.145), (0.35, 0.1)):
        board_x(wd, y, 0.0)
    for x in (-0.5275, 0.0, 0.5275):
        for y, wd in ((-0.35, 0.1), (0.0, 0.145), (0.35, 0.1)):
            faces = {"+y": r.block, "-y": r.block}
            mb.add(
                mat,
                box((0.145, wd, 0.078), (x, y, 0.061), faces=faces, default=r.along_x),
                color,
                xform,
            )
        mb.add(mat, box((0.145, PW, 0.022), (x, 0, 0.111), default=r.along_y), color, xform)
    for y, wd in ((-0.3275, 0.145), (-0.16375, 0.1), (0.0, 0.145), (0.16375, 0.1), (0.3275, 0.145)):
        board_x(wd, y, 0.122)


def build_pallet() -> Node:
    atlas = Atlas(
        1024, 512, background="#b89464"
    )  # wood-coloured gutters: no white at far mip levels
    rects = pallet_rects(atlas)
    _img, m = atlas_materials(atlas, "pallet", wood=dict(roughness=0.9))
    mb = MeshBuilder(atlas.white)
    add_pallet(mb, m["wood"], rects)
    return Node("pallet", mb.primitives())


def _load_parts(name: str) -> tuple[MeshBuilder, dict, CartonRects, PalletRects, Material]:
    atlas = Atlas(2048, 1024, background="#a88a60")
    crects = carton_rects(atlas, COUNTERFEIT, seed=41)
    prects = pallet_rects(atlas)
    _img, m = atlas_materials(
        atlas, name, cardboard=dict(roughness=0.85), wood=dict(roughness=0.9)
    )
    film = Material("stretch_film", base_color=(0.75, 0.8, 0.85, 0.13), roughness=0.2, blend=True)
    return MeshBuilder(atlas.white), m, crects, prects, film


def _add_load(
    mb: MeshBuilder, m: dict, crects: CartonRects, prects: PalletRects, film: Material, xform=None
) -> None:
    """A EUR pallet with 45 counterfeit cartons (3 x 3 x 5), stretch-wrapped, at ``xform``."""
    add_pallet(mb, m["wood"], prects, xform=xform)
    layers = 5
    for k in range(layers):
        for i in range(3):
            for j in range(3):
                at = ((i - 1) * CL, (j - 1) * CW, PH + k * CH)
                geo = carton_geo(crects, at, turned=(i + j + k) % 2 == 1)
                mb.add(m["cardboard"], geo, xform=xform)
    top = PH + layers * CH
    # stretch film around the sides, in two overlapping bands
    for z0, z1, grow in ((PH - 0.06, PH + 0.62, 0.012), (PH + 0.5, top - 0.04, 0.018)):
        g = box((3 * CL + grow, 3 * CW + grow, z1 - z0), (0, 0, (z0 + z1) / 2), skip=("+z", "-z"))
        mb.add(film, g, xform=xform)


def build_pallet_load() -> Node:
    """A EUR pallet with 45 counterfeit cartons (3 x 3 x 5), stretch-wrapped."""
    mb, m, crects, prects, film = _load_parts("pallet_load_counterfeit")
    _add_load(mb, m, crects, prects, film)
    return Node("pallet_load_counterfeit", mb.primitives())


# --------------------------------------------------------------------------- e-bike battery


def _battery_decal(name: str) -> np.ndarray:
    w, h = 768, 96
    p = Painter(w, h, "#1c1e21")
    p.rect(0, 10, w, 16, fill=marks.BRAND_GREEN)
    p.rect(0, h - 16, w, h - 10, fill=marks.BRAND_GREEN)
    marks.brand(p, 40, 26, 44, name, "#f2f2f2")
    p.text(w - 40, h / 2, "36V  13Ah  468Wh", 26, "#d0d0d0", kind="regular", anchor="rm")
    return p.array()


def _battery_spec() -> np.ndarray:
    w, h = 512, 128
    p = Painter(w, h, "#b9bbbd")
    p.text(14, 12, "VOLTARA  Li-ion battery pack  VT-3613-DT", 17, "#111111")
    p.text(14, 40, "36 V DC  13 Ah  468 Wh   10S4P", 16, "#111111", kind="regular")
    p.text(14, 64, "S/N VT2406-018842", 16, "#111111", kind="regular")
    p.text(14, 92, "Charge only with the VOLTARA 42 V charger.", 14, "#111111", kind="regular")
    marks.conformity_mark(p, 396, 46, 36)
    marks.weee_bin(p, 462, 40, 46)
    return p.array()


def _led_panel() -> np.ndarray:
    w, h = 160, 48
    p = Painter(w, h, "#101112")
    for i in range(5):
        lit = i < 4
        p.rounded(14 + i * 22, 18, 30 + i * 22, 30, 3, fill="#39e07a" if lit else "#1f3326")
    p.ellipse(128, 12, 152, 36, fill="#2f3337", outline="#6a6f75", width=2)
    return p.array()


def build_ebike_battery() -> Node:
    """Downtube battery pack, 0.37 m long along Y, on its mounting rail."""
    atlas = Atlas(1024, 512, background="#1c1e21")
    decal = atlas.add(_battery_decal("VOLTARA"))
    spec = atlas.add(_battery_spec())
    led = atlas.add(_led_panel())
    _img, m = atlas_materials(
        atlas,
        "ebike_battery",
        plastic=dict(roughness=0.45),
        metal=dict(roughness=0.3, metallic=1.0),
        glow=dict(roughness=0.4, glow=True),
    )
    mb = MeshBuilder(atlas.white)
    body, half = "#1c1e21", 0.185
    z0, hh, hw = 0.016, 0.042, 0.044
    stations = [
        (-half, 0, z0 + hh * 0.85, hw * 0.78, hh * 0.72),
        (-half + 0.008, 0, z0 + hh, hw * 0.96, hh * 0.96),
        (-half + 0.025, 0, z0 + hh, hw, hh),
        (half - 0.025, 0, z0 + hh, hw, hh),
        (half - 0.008, 0, z0 + hh, hw * 0.96, hh * 0.96),
        (half, 0, z0 + hh * 0.85, hw * 0.78, hh * 0.72),
    ]
    mb.add(m["plastic"], loft(stations, n=24, exponent=4.0), body)
    mb.add(m["plastic"], box((0.07, 0.33, z0 + 0.004), (0, 0, (z0 + 0.004) / 2)), "#3a3d42")
    zc = z0 + hh
    for sx in (1, -1):  # side decals
        x = sx * (hw + 0.0008)
        y0, y1 = -0.14, 0.14
        ya, yb = (y0, y1) if sx > 0 else (y1, y0)
        mb.add(
            m["plastic"],
            quad(
                (x, ya, zc + 0.018),
                (x, ya, zc - 0.018),
                (x, yb, zc - 0.018),
                (x, yb, zc + 0.018),
                decal,
            ),
        )
    # spec label and LED charge gauge on the top, the gauge near the +Y end
    zt = z0 + 2 * hh + 0.0008
    # (both read along the pack: text up towards -X, to the right towards +Y)
    mb.add(
        m["plastic"],
        quad((-0.02, -0.155, zt), (0.02, -0.155, zt), (0.02, 0.005, zt), (-0.02, 0.005, zt), spec),
    )
    mb.add(
        m["glow"],
        quad(
            (-0.015, half - 0.115, zt),
            (0.015, half - 0.115, zt),
            (0.015, half - 0.03, zt),
            (-0.015, half - 0.03, zt),
            led,
        ),
    )
    # key lock on the +X side near the +Y end, charge port on the -X side
    mb.add(
        m["metal"],
        cylinder(0.009, 0, 0.006, 16),
        "#c9ccd0",
        xform=translate(hw - 0.002, half - 0.05, zc - 0.01) @ rot_y(90),
    )
    mb.add(
        m["plastic"], box((0.0015, 0.012, 0.002), (hw + 0.005, half - 0.05, zc - 0.01)), "#222222"
    )
    mb.add(
        m["plastic"],
        cylinder(0.008, 0, 0.004, 16),
        "#0c0c0c",
        xform=translate(-hw + 0.001, -half + 0.06, zc) @ rot_y(-90),
    )
    return Node("ebike_battery", mb.primitives())
