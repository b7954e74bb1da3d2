"""Generic goods: parcels, cartons, a loaded pallet, packs, a charger and a lead card.

None of them carries a brand, a mark or a number: each has label surfaces (surfaces.py)
where the scenario's own text is drawn at load time. Origins at the centre of the bottom
face; labels on upright faces read from outside, labels lying flat read from -Y.
"""

from __future__ import annotations

from ..gltf import Material, Node
from ..mesh import MeshBuilder, box, cylinder, limb, loft, rot_z, translate
from ..tex import Atlas, Painter
from .cargo import CH, CL, CW, PH, _carton_top, add_pallet, pallet_rects
from .common import atlas_materials, cardboard
from .container import FLOOR_Z as CONTAINER_FLOOR
from .container import L as CONTAINER_L
from .surfaces import Surfaces, with_surfaces

PLAIN_TAPE = dict(name="", green="#000000", fake=True)  # tape without any print
PARCELS = {"parcel_small": (0.25, 0.18, 0.12), "parcel_medium": (0.40, 0.30, 0.25),
           "parcel_large": (0.60, 0.45, 0.40)}


def _kraft_atlas(seed: int) -> tuple[Atlas, dict]:
    atlas = Atlas(1024, 1024, background="#a88a60")
    rects = {"side": atlas.add(cardboard(220, 400, seed)),
             "top": atlas.add(_carton_top(PLAIN_TAPE, seed + 1))}
    return atlas, rects


def _parcel(name: str) -> Node:
    atlas, r = _kraft_atlas(61)
    _img, m = atlas_materials(atlas, name, cardboard=dict(roughness=0.85))
    mb, labels = MeshBuilder(atlas.white), Surfaces()
    w, d, h = PARCELS[name]
    mb.add(m["cardboard"], box((w, d, h), (0, 0, h / 2), faces={"+z": r["top"]},
                                default=r["side"]))
    lw, ld = min(0.15, w * 0.45), min(0.1, d * 0.4)
    labels.top("label", (w * 0.22, -d * 0.2, h + 0.001), lw, ld)  # beside the tape
    return with_surfaces(name, mb, labels)


def _add_carton(mb, mat, r, labels: Surfaces, xform=None, sides=("+y", "-y", "+x", "-x")):
    """A 0.40 x 0.26 x 0.22 m carton with a label on each face in ``sides``."""
    mb.add(mat, box((CL, CW, CH), (0, 0, CH / 2), faces={"+z": r["top"]}, default=r["side"]),
           xform=xform)
    for face in sides:
        along_y = face in ("+y", "-y")
        sign = 1 if face[0] == "+" else -1
        centre = (0, sign * (CW / 2 + 0.001), CH * 0.5) if along_y else (
            sign * (CL / 2 + 0.001), 0, CH * 0.5)
        name = "label" if along_y else "label_end"
        labels.side(name, centre, 0.32 if along_y else 0.2, 0.15, face, xform)


def build_carton_generic() -> Node:
    atlas, r = _kraft_atlas(71)
    _img, m = atlas_materials(atlas, "carton_generic", cardboard=dict(roughness=0.85))
    mb, labels = MeshBuilder(atlas.white), Surfaces()
    _add_carton(mb, m["cardboard"], r, labels)
    return with_surfaces("carton_generic", mb, labels)


def _pallet_parts(name: str):
    atlas = Atlas(2048, 1024, background="#a88a60")
    r = {"side": atlas.add(cardboard(220, 400, 81)), "top": atlas.add(_carton_top(PLAIN_TAPE, 82))}
    prects = pallet_rects(atlas)
    _img, m = atlas_materials(atlas, name, cardboard=dict(roughness=0.85), wood=dict(roughness=0.9))
    film = Material("stretch_film", base_color=(0.75, 0.8, 0.85, 0.13), roughness=0.2, blend=True)
    return MeshBuilder(atlas.white), m, r, prects, film, Surfaces()


def _add_load(mb, m, r, prects, film, labels: Surfaces, xform=None) -> None:
    """A EUR pallet with 45 generic cartons (3 x 3 x 5), labelled on the outside, wrapped."""
    add_pallet(mb, m["wood"], prects, xform=xform)
    for k in range(5):
        for i in range(3):
            for j in range(3):
                sides = tuple(s for s, edge in (("+y", j == 2), ("-y", j == 0), ("+x", i == 2),
                                                ("-x", i == 0)) if edge)
                at = translate((i - 1) * CL, (j - 1) * CW, PH + k * CH)
                _add_carton(mb, m["cardboard"], r, labels,
                            at if xform is None else xform @ at, sides)
    top = PH + 5 * CH
    for z0, z1, grow in ((PH - 0.06, PH + 0.62, 0.012), (PH + 0.5, top - 0.04, 0.018)):
        g = box((3 * CL + grow, 3 * CW + grow, z1 - z0), (0, 0, (z0 + z1) / 2), skip=("+z", "-z"))
        mb.add(film, g, xform=xform)


def build_pallet_generic() -> Node:
    mb, m, r, prects, film, labels = _pallet_parts("pallet_generic")
    _add_load(mb, m, r, prects, film, labels)
    return with_surfaces("pallet_generic", mb, labels)


def build_container_cargo() -> Node:
    """A consignment stowed in the 40-foot container, in the container's own frame (length
    along Y, doors at -Y, on its floor): two rows of labelled pallet loads from the front
    wall towards the doors, the door row one pallet short: the one taken out to examine."""
    mb, m, r, prects, film, labels = _pallet_parts("container_cargo")
    front_wall = CONTAINER_L / 2 - 0.2
    for x in (-0.45, 0.45):
        for k in range(9 if x < 0 else 8):
            y = front_wall - 0.6 - k * (1.2 + 0.02)
            _add_load(mb, m, r, prects, film, labels,
                      translate(x, y, CONTAINER_FLOOR) @ rot_z(90))
    return with_surfaces("container_cargo", mb, labels)


# --------------------------------------------------------------------------- packs and devices


def _pack_atlas(name: str, stripe: str):
    atlas = Atlas(256, 256, background="#f2f2ee")
    p = Painter(128, 64, "#f4f4f0")
    p.rect(0, 40, 128, 52, fill=stripe)
    side = atlas.add(p.array())
    _img, m = atlas_materials(atlas, name, card=dict(roughness=0.6),
                              plastic=dict(roughness=0.45), metal=dict(roughness=0.3,
                                                                       metallic=1.0))
    return MeshBuilder(atlas.white), m, side, Surfaces()


def build_medicine_pack() -> Node:
    """A folding medicine carton lying flat, 120 x 70 x 30 mm; its printed top is the label."""
    mb, m, side, labels = _pack_atlas("medicine_pack", "#2f6fd1")
    mb.add(m["card"], box((0.12, 0.07, 0.03), (0, 0, 0.015), default=side), "#ffffff")
    labels.top("label", (0, 0, 0.0305), 0.114, 0.064)
    labels.side("label_end", (0.0605, 0, 0.015), 0.064, 0.024, "+x")
    return with_surfaces("medicine_pack", mb, labels)


def build_battery_pack_generic() -> Node:
    """An unbranded downtube e-bike battery pack, 0.37 m along Y; its rating plate on top is
    the label."""
    mb, m, _side, labels = _pack_atlas("battery_pack_generic", "#2a2d31")
    half, z0, hh, hw = 0.185, 0.016, 0.042, 0.044
    stations = [
        (-half, 0, z0 + hh * 0.85, hw * 0.78, hh * 0.72),
        (-half + 0.025, 0, z0 + hh, hw, hh),
        (half - 0.025, 0, z0 + hh, hw, hh),
        (half, 0, z0 + hh * 0.85, hw * 0.78, hh * 0.72),
    ]
    mb.add(m["plastic"], loft(stations, n=24, exponent=4.0), "#1c1e21")
    mb.add(m["plastic"], box((0.07, 0.33, z0 + 0.004), (0, 0, (z0 + 0.004) / 2)), "#3a3d42")
    for sx in (-1, 1):
        mb.add(m["plastic"], box((0.001, 0.3, 0.008), (sx * (hw + 0.0005), 0, z0 + hh + 0.012)),
               "#7d8288")
    mb.add(m["metal"], cylinder(0.008, 0, 0.004, 16), "#c9ccd0",
           xform=translate(0, half - 0.05, z0 + 2 * hh))
    labels.top("label", (0, -0.04, z0 + 2 * hh + 0.0008), 0.06, 0.2)
    return with_surfaces("battery_pack_generic", mb, labels)


def build_charger() -> Node:
    """A battery charger brick with its mains lead and output cable; its rating label on top."""
    mb, m, _side, labels = _pack_atlas("charger", "#2a2d31")
    mb.add(m["plastic"], box((0.16, 0.075, 0.042), (0, 0, 0.021)), "#222427")
    labels.top("label", (0, 0, 0.0425), 0.12, 0.055)
    for sx, end, colour in ((-1, (-0.32, -0.12, 0.012), "#1b1b1b"), (1, (0.3, 0.1, 0.01),
                                                                      "#1b1b1b")):
        start = (sx * 0.08, 0.0, 0.02)
        mid = (sx * 0.2, sx * 0.06, 0.012)
        mb.add(m["plastic"], limb(start, mid, 0.004, 0.004, 6), colour)
        mb.add(m["plastic"], limb(mid, end, 0.004, 0.004, 6), colour)
    mb.add(m["plastic"], box((0.05, 0.035, 0.025), (-0.34, -0.13, 0.0125)), "#1b1b1b")  # plug
    mb.add(m["metal"], cylinder(0.007, 0, 0.03, 12), "#c9ccd0",
           xform=translate(0.31, 0.1, 0.01))
    return with_surfaces("charger", mb, labels)


def build_lead_card() -> Node:
    """An A6 index card lying flat, 148 x 105 mm, a coloured tab at its top edge; the card's
    face is the label (a lead to rank, written by the scenario)."""
    mb, m, _side, labels = _pack_atlas("lead_card", "#c0282d")
    mb.add(m["card"], box((0.148, 0.105, 0.0012), (0, 0, 0.0006)), "#fbfaf4")
    mb.add(m["card"], box((0.04, 0.012, 0.0012), (-0.045, 0.0585, 0.0006)), "#c0282d")
    labels.top("label", (0, 0, 0.0013), 0.14, 0.097)
    return with_surfaces("lead_card", mb, labels)


BUILDERS = {
    **{name: (lambda n=name: _parcel(n)) for name in PARCELS},
    "carton_generic": build_carton_generic,
    "pallet_generic": build_pallet_generic,
    "medicine_pack": build_medicine_pack,
    "battery_pack_generic": build_battery_pack_generic,
    "charger": build_charger,
    "lead_card": build_lead_card,
}
