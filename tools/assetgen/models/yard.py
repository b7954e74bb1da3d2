"""Port inspection yard, 120 m (X) x 80 m (Y), origin at its centre on the ground.

North (+Y) is the quay edge with water beyond.  Container stacks line the west
(block A) and east (block B) edges and the west end of the quay (block C).  A
two-lane yard road runs east-west along the south fence (gates at both ends),
north of it a small customs office, and in the middle a painted inspection lane
(x -12..12, y -15..-1).  The east end of the quay and the area south of it are
kept clear for the scenario's isolation bay and vehicle staging.
"""

from __future__ import annotations

import numpy as np

from ..gltf import Image, Material, Node
from ..mesh import PLAIN, MeshBuilder, box, cylinder, lathe, quad, translate
from ..tex import Atlas, Painter, box_blur, encode_png, fbm, hash01, rgb, value_noise, white_noise
from .common import atlas_materials

X_HALF, Y_HALF = 60.0, 40.0
# Layout agreed with scenarios/container-search: inspection lane x -12..12, y -15..-1;
# gate, truck queue and road y -37..-23; isolation bay at the east end of the quay
# (x 27..49, y 18..34) and vehicle staging (x 8..20, y 7..17) are kept clear.
ROAD = (-35.0, -25.0)  # y extent of the yard road (on the 5 m ground grid)
INSPECTION = (-12.0, 12.0, -15.0, -1.0)  # painted inspection lane: x0, x1, y0, y1
CONTAINER_COLOURS = [
    "#2d6b9a",
    "#a3322a",
    "#2f6b3a",
    "#c8641e",
    "#8a9096",
    "#1f3f6d",
    "#d9dcd9",
    "#d7a21c",
    "#6d3b24",
    "#5b8fb0",
]
DECAL_Z = 0.02


# --------------------------------------------------------------------------- tiling ground textures


def _concrete(size: int = 1024) -> np.ndarray:
    """10 m x 10 m of concrete slabs (5 m joints), seamlessly tiling."""
    n = fbm(size, size, 128, 71, octaves=5)
    stains = np.clip((fbm(size, size, 256, 72, octaves=3) - 0.55) * 2.5, 0, 1)
    grit = white_noise(size, size, 73)
    v = 0.62 + 0.10 * (n - 0.5) - 0.10 * stains + 0.035 * (grit - 0.5)
    img = np.stack([v * 1.0, v * 0.99, v * 0.96], axis=-1)
    joint = np.zeros((size, size))
    for c in (0, size // 2):
        for d in range(-2, 3):
            joint[:, (c + d) % size] = np.maximum(joint[:, (c + d) % size], 1 - abs(d) / 3)
            joint[(c + d) % size, :] = np.maximum(joint[(c + d) % size, :], 1 - abs(d) / 3)
    return img * (1 - 0.45 * joint[..., None])


def _asphalt(size: int = 512) -> np.ndarray:
    """4 m x 4 m of worn asphalt, seamlessly tiling."""
    n = fbm(size, size, 64, 81, octaves=4)
    grit = box_blur(white_noise(size, size, 82), 1, passes=1)
    v = 0.30 + 0.06 * (n - 0.5) + 0.10 * (grit - 0.5)
    return np.stack([v, v, v * 1.03], axis=-1)


# --------------------------------------------------------------------------- atlas


def _box_side(w: int, h: int, seed: int, ribs: int) -> np.ndarray:
    """Light grey corrugated container side (tinted per container by vertex colour)."""
    x = np.arange(w) * ribs / w
    phase = x % 1.0
    shade = np.where(
        phase < 0.3, 1.0, np.where(phase < 0.45, 0.78, np.where(phase < 0.85, 0.9, 0.7))
    )
    grime = fbm(h, w, 48, seed, octaves=3, tile=False)
    rust = np.clip((value_noise(1, w, 5, seed + 1, tile=False)[0] - 0.6) * 2.5, 0, 1)
    fall = np.exp(-np.arange(h) / (0.4 * h))[:, None]
    v = shade[None, :] * (0.9 + 0.15 * (grime - 0.5)) * (1 - 0.35 * rust[None, :] * fall)
    img = np.repeat(v[..., None], 3, axis=2) * 0.95
    img[:6] *= 0.75  # top rail
    img[-8:] *= 0.65  # bottom rail
    return img


def _door_end(w: int = 128, h: int = 128) -> np.ndarray:
    p = Painter(w, h, _box_side(w, h, 91, 8) * 1.02)
    for x in (w * 0.14, w * 0.36, w * 0.64, w * 0.86):
        p.rect(x - 1.5, 4, x + 1.5, h - 4, fill="#303030")
    p.rect(w / 2 - 0.8, 4, w / 2 + 0.8, h - 4, fill="#404040")
    p.rect(2, 2, w - 2, h - 2, outline="#505050", width=2)
    return p.array()


def _lettering() -> tuple[np.ndarray, dict[str, tuple[float, float, float, float]]]:
    """Painted ground lettering on a transparent RGBA image (drawn with alpha
    blending, so it sits on concrete and asphalt alike).  Returns the image and
    the UV rectangle of each text."""
    w, h, row = 1024, 256, 128
    layout = {  # text: (x, y, width, colour)
        "INSPECTION LANE": (0, 0, 1024, "#e8ae00"),
        "SLOW": (0, row, 256, "#f2f2ee"),
        "BLOCK A": (256, row, 384, "#f2f2ee"),
        "BLOCK B": (640, row, 384, "#f2f2ee"),
    }
    rgba = np.zeros((h, w, 4))
    rects = {}
    for text, (x, y, tw, colour) in layout.items():
        p = Painter(tw, row, "#000000")
        p.text(tw / 2, row / 2, text, row * 0.72, "#ffffff", anchor="mm", kind="condensed")
        cover = p.array()[..., 0]
        wear = 0.85 + 0.15 * fbm(row, tw, 16, 79, octaves=2, tile=False)
        rgba[y : y + row, x : x + tw, :3] = rgb(colour)
        rgba[y : y + row, x : x + tw, 3] = cover * wear
        rects[text] = ((x + 0.5) / w, (y + 0.5) / h, (x + tw - 0.5) / w, (y + row - 0.5) / h)
    return rgba, rects


def _office_front(w: int = 512, h: int = 192) -> np.ndarray:
    p = Painter(w, h, "#d9d6cc")
    p.rect(0, 0, w, 40, fill="#1f3f6d")
    p.text(w / 2, 20, "CUSTOMS  INSPECTION", 26, "#ffffff", anchor="mm", kind="condensed")
    for x0 in (30, 150, 370):
        p.rect(x0, 70, x0 + 100, 140, fill="#2a3642", outline="#8c8c86", width=4)
    p.rect(270, 60, 330, h, fill="#5b6670", outline="#8c8c86", width=4)
    p.rect(0, h - 10, w, h, fill="#8f8a80")
    return p.array()


# --------------------------------------------------------------------------- build


def build() -> Node:
    atlas = Atlas(2048, 1024, background="#9c9a94")
    side = atlas.add(_box_side(1016, 112, 90, 44))
    end_door = atlas.add(_door_end())
    end_front = atlas.add(_box_side(128, 112, 92, 5))
    roof = atlas.add(_box_side(512, 64, 93, 20))
    office = atlas.add(_office_front())
    lamp = atlas.swatch("#fff4d8")
    wall = atlas.swatch("#d9d6cc")
    _img, m = atlas_materials(
        atlas,
        "port_yard",
        paint=dict(roughness=0.6, metallic=0.1),
        steel=dict(roughness=0.4, metallic=0.8),
        glow=dict(roughness=0.3, glow=True),
    )
    paint, steel, glow = m["paint"], m["steel"], m["glow"]
    concrete = Material(
        "concrete", roughness=0.9, texture=Image("concrete", encode_png(_concrete()), repeat=True)
    )
    asphalt = Material(
        "asphalt", roughness=0.85, texture=Image("asphalt", encode_png(_asphalt()), repeat=True)
    )
    water = Material("water", base_color=(0.02, 0.05, 0.06, 1.0), roughness=0.35)

    mb = MeshBuilder(atlas.white)
    _ground(mb, concrete, asphalt)
    letters, txt = _lettering()
    lettering = Material(
        "lettering", texture=Image("lettering", encode_png(letters)), roughness=0.6, blend=True
    )
    _markings(mb, paint, lettering, txt)
    _quay(mb, concrete, paint, steel, water)
    _stacks(mb, paint, side, end_door, end_front, roof)
    _poles(mb, steel, glow, lamp)
    _fence(mb, steel)
    _office(mb, paint, office, wall)
    return Node("port_yard", mb.primitives())


def _ground(mb: MeshBuilder, concrete: Material, asphalt: Material) -> None:
    """Concrete slab grid with gently varying vertex tint (breaks up the tiling),
    and the asphalt road."""
    nx, ny = 24, 16
    xs = np.linspace(-X_HALF, X_HALF, nx + 1)
    ys = np.linspace(-Y_HALF, Y_HALF, ny + 1)
    for j in range(ny):
        for i in range(nx):
            x0, x1, y0, y1 = xs[i], xs[i + 1], ys[j], ys[j + 1]
            if y1 <= ROAD[1] and y0 >= ROAD[0]:
                continue
            g = quad(
                (x0, y1, 0),
                (x0, y0, 0),
                (x1, y0, 0),
                (x1, y1, 0),
                (x0 / 10, -y1 / 10, x1 / 10, -y0 / 10),
            )
            tint = 0.95 + 0.08 * float(hash01(np.array([i]), np.array([j]), 5)[0])
            mb.add(concrete, g, tuple(rgb("#ffffff") * tint))
    # the road: 10 m wide, asphalt tiles every 4 m
    y0, y1 = ROAD
    for i in range(nx):
        x0, x1 = xs[i], xs[i + 1]
        g = quad(
            (x0, y1, 0.0),
            (x0, y0, 0.0),
            (x1, y0, 0.0),
            (x1, y1, 0.0),
            (x0 / 4, -y1 / 4, x1 / 4, -y0 / 4),
        )
        mb.add(asphalt, g)


def _flat_quad(pts, z=DECAL_Z, rect=PLAIN):
    """A ground decal through four (x, y) corners, turned to face up."""
    a, b, c = (np.array(p) for p in pts[:3])
    if (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]) < 0:
        pts = pts[::-1]
    return quad(*[(x, y, z) for x, y in pts], rect)


def _strip(mb, mat, x0, y0, x1, y1, color, z=DECAL_Z):
    mb.add(mat, quad((x0, y1, z), (x0, y0, z), (x1, y0, z), (x1, y1, z)), color)


def _markings(mb, paint, lettering, txt) -> None:
    white, yellow = "#e9e9e4", "#e8b800"
    y0, y1 = ROAD
    yc = (y0 + y1) / 2
    # road: edge lines, dashed centre line, pedestrian crossing, SLOW in each lane
    for y in (y0 + 0.3, y1 - 0.3):
        _strip(mb, paint, -X_HALF, y - 0.08, X_HALF, y + 0.08, white)
    for x in np.arange(-X_HALF + 1, X_HALF, 6.0):
        if abs(x + 1.5) > 4:
            _strip(mb, paint, x, yc - 0.07, x + 3, yc + 0.07, white)
    for y in np.arange(y0 + 0.8, y1 - 0.5, 1.0):
        _strip(mb, paint, -2.0, y, 2.0, y + 0.5, white)
    for x, f in ((-25, 1), (25, -1)):  # elongated, read in the direction of travel (drive right)
        y = yc - 2.5 * f
        corners = [
            (x + 2 * f, y + 1.5 * f),
            (x - 2 * f, y + 1.5 * f),
            (x - 2 * f, y - 1.5 * f),
            (x + 2 * f, y - 1.5 * f),
        ]
        mb.add(lettering, quad(*[(cx, cy, DECAL_Z) for cx, cy in corners], txt["SLOW"]))
    # inspection area: yellow outline, hatched corners, lettering read from the south
    ix0, ix1, iy0, iy1 = INSPECTION
    w = 0.15
    for x in (ix0, ix1):
        _strip(mb, paint, x - w, iy0 - w, x + w, iy1 + w, yellow)
    for y in (iy0, iy1):
        _strip(mb, paint, ix0 - w, y - w, ix1 + w, y + w, yellow)
    for cx, cy, sx, sy in (
        (ix0, iy0, 1, 1),
        (ix1, iy0, -1, 1),
        (ix0, iy1, 1, -1),
        (ix1, iy1, -1, -1),
    ):
        for k in range(4):  # diagonal bars across the corner
            d = 0.6 + k * 0.7
            a, b = np.array([cx + sx * d, cy]), np.array([cx, cy + sy * d])
            n = np.array([b[1] - a[1], a[0] - b[0]])
            n = n / np.linalg.norm(n) * 0.12
            mb.add(paint, _flat_quad([a + n, a - n, b - n, b + n]), yellow)
    mb.add(
        lettering,
        _flat_quad(
            [(-5, iy0 - 0.6), (-5, iy0 - 1.9), (5, iy0 - 1.9), (5, iy0 - 0.6)],
            rect=txt["INSPECTION LANE"],
        ),
    )
    # block names in front of the stacks, read from the middle of the yard
    mb.add(
        lettering, _flat_quad([(-42, -6), (-40.5, -6), (-40.5, 0), (-42, 0)], rect=txt["BLOCK A"])
    )
    mb.add(lettering, _flat_quad([(42, 6), (40.5, 6), (40.5, 0), (42, 0)], rect=txt["BLOCK B"]))
    # stack slot lines
    for x in (-43.6, 43.6):
        _strip(mb, paint, x - 0.06, -23.5, x + 0.06, 14.5, white)


def _quay(mb, concrete, paint, steel, water) -> None:
    y = Y_HALF
    # quay wall face and the water
    mb.add(
        concrete,
        quad((-X_HALF, y, 0), (-X_HALF, y, -3), (X_HALF, y, -3), (X_HALF, y, 0), (0, 0, 12, 0.3)),
        "#bdbab2",
    )
    mb.add(
        water,
        quad(
            (-X_HALF - 20, y + 40, -2.2),
            (-X_HALF - 20, y, -2.2),
            (X_HALF + 20, y, -2.2),
            (X_HALF + 20, y + 40, -2.2),
        ),
    )
    # cap beam, yellow safety edge, bollards and fenders
    _strip(mb, paint, -X_HALF, y - 3.5, X_HALF, y, "#b9b6ae", z=0.01)
    _strip(mb, paint, -X_HALF, y - 0.45, X_HALF, y - 0.15, "#e8b800")
    bollard = lathe(
        [
            (0.0, 0.0),
            (0.26, 0.0),
            (0.26, 0.0),
            (0.2, 0.08),
            (0.16, 0.45),
            (0.26, 0.55),
            (0.26, 0.55),
            (0.22, 0.65),
            (0.0, 0.66),
        ],
        12,
    )
    for x in np.arange(-54, 60, 12.0):
        mb.add(steel, bollard, "#2a2c2e", xform=translate(x, y - 1.1, 0))
        mb.add(paint, box((1.6, 0.35, 1.5), (x + 6, y + 0.17, -1.1)), "#151515")


def _stacks(mb, paint, side, end_door, end_front, roof) -> None:
    L, W, H = 12.19, 2.44, 2.59
    faces = {"+y": side, "-y": side, "+x": end_front, "-x": end_door, "+z": roof}
    k = 0

    def container(cx, cy, level, length=L):
        nonlocal k
        k += 1
        pick = int(hash01(np.array([k]), np.array([level]), 11)[0] * len(CONTAINER_COLOURS))
        g = box((length, W, H), (cx, cy, level * H + H / 2), faces=faces)
        mb.add(paint, g, CONTAINER_COLOURS[pick])

    heights = [3, 2, 3, 3, 1, 2, 3, 2, 2, 3, 1, 3, 2, 3]
    # blocks A (west) and B (east), containers lying east-west in rows
    for block, x in enumerate((-50.5, 50.5)):
        for r in range(14):
            y = -21.5 + r * 2.6
            h = heights[(r + 5 * block) % len(heights)]
            for level in range(h):
                container(x, y, level)
    # block C on the west quay, waiting for a vessel: two rows, some 20 ft boxes
    for row, y in enumerate((29.0, 31.6)):
        for i, x in enumerate((-43.0, -30.5, -18.0)):
            for level in range(1 + (i + row) % 2):
                if (i + level + row) % 3 == 1:
                    container(x - 3.05, y, level, 6.06)
                    container(x + 3.05, y, level, 6.06)
                else:
                    container(x, y, level)


def _poles(mb, steel, glow, lamp) -> None:
    grey = "#8d9399"
    for x, y in (
        (-36, 2),
        (-34, 22),
        (34, -12),
        (52, 30),
        (-6, 30),
        (14, 30),
        (-20, -21),
        (20, -21),
    ):
        mb.add(steel, cylinder(0.5, 0, 0.25, 10), "#6d7378", xform=translate(x, y, 0))
        mb.add(steel, cylinder(0.28, 0.25, 20.0, 10, r1=0.16), grey, xform=translate(x, y, 0))
        mb.add(steel, box((3.2, 0.2, 0.2), (x, y, 20.0)), grey)
        for dx in (-1.2, -0.4, 0.4, 1.2):
            mb.add(steel, box((0.55, 0.4, 0.35), (x + dx, y, 19.7)), "#3a3d40")
            mb.add(glow, box((0.45, 0.3, 0.02), (x + dx, y, 19.52), default=lamp))


def _fence(mb, steel) -> None:
    grey = "#9aa0a6"
    gate = (ROAD[0] - 1, ROAD[1] + 1)
    for x in np.arange(-X_HALF + 0.2, X_HALF, 3.0):
        mb.add(steel, box((0.08, 0.08, 2.4), (x, -Y_HALF + 0.2, 1.2)), grey)
    for z in (0.3, 1.3, 2.35):
        mb.add(steel, box((2 * X_HALF, 0.04, 0.05), (0, -Y_HALF + 0.2, z)), grey)
    for sx in (-1, 1):
        x = sx * (X_HALF - 0.2)
        for y in np.arange(-Y_HALF + 0.2, Y_HALF - 4, 3.0):
            if not gate[0] < y < gate[1]:
                mb.add(steel, box((0.08, 0.08, 2.4), (x, y, 1.2)), grey)
        for ya, yb in ((-Y_HALF + 0.2, gate[0]), (gate[1], Y_HALF - 4.6)):
            for z in (0.3, 1.3, 2.35):
                mb.add(steel, box((0.04, yb - ya, 0.05), (x, (ya + yb) / 2, z)), grey)


def _office(mb, paint, front, wall) -> None:
    """Customs inspection office south-west of the inspection area, facing the yard (+Y)."""
    cx, cy = -28.0, -12.0
    mb.add(paint, box((10, 5, 3.4), (cx, cy, 1.7), faces={"+y": front}, default=wall))
    mb.add(paint, box((10.6, 5.6, 0.25), (cx, cy, 3.5)), "#5b6065")
    mb.add(paint, box((2.2, 1.6, 0.1), (cx + 0.2, cy + 3.3, 2.6)), "#5b6065")  # door canopy
