"""Road vehicles: a marked police car and a plain panel van. Front towards +Y, origin on
the ground under the middle. The van's cargo sides are label surfaces (a courier's
livery, or nothing: an unmarked van)."""

from __future__ import annotations

from ..gltf import Node
from ..mesh import MeshBuilder, box, cylinder, lathe, prism, rot_y, rot_z, translate
from ..tex import Atlas, Painter
from .common import atlas_materials
from .surfaces import Surfaces, with_surfaces


def _wheel(mb, m, x: float, y: float, radius: float, width: float) -> None:
    hw = width / 2
    tyre = [(radius * 0.62, -hw), (radius * 0.9, -hw), (radius, -hw + 0.04),
            (radius, hw - 0.04), (radius * 0.9, hw), (radius * 0.62, hw)]
    place = translate(x, y, radius) @ rot_y(90)
    mb.add(m["rubber"], lathe(tyre, 16), "#1a1a1a", xform=place)
    mb.add(m["metal"], cylinder(radius * 0.62, -hw + 0.02, hw - 0.02, 16), "#9aa0a6", xform=place)


def _pixels(outline, per_metre: float = 200.0):
    """The side texture's size, and where a side-view point (y, z) falls in it: the prism
    maps the outline's bounding box onto the whole texture."""
    ys, zs = [y for y, _ in outline], [z for _, z in outline]
    w = round((max(ys) - min(ys)) * per_metre)
    h = round((max(zs) - min(zs)) * per_metre)

    def px(y: float, z: float) -> tuple[float, float]:
        return ((y - min(ys)) * per_metre, (max(zs) - z) * per_metre)

    return w, h, px


def _side_view(w: int, h: int, paint: str, windows, stripes=()) -> Painter:
    """A vehicle side in texture pixels: paint, window shapes and livery stripes."""
    p = Painter(w, h, paint)
    for y0, y1, colours in stripes:
        n = len(colours) * 8
        for k in range(n):
            p.rect(k * w / n, y0, (k + 1) * w / n, y1, fill=colours[k % len(colours)])
    for pts in windows:
        p.poly(pts, "#1d2731")
    return p


def _kit(name: str, side, w: int, h: int, extra=()):
    atlas = Atlas(2048, 512, background="#d9dcde")
    rects = {"side": atlas.add(side.array())}
    for key, img in extra:
        rects[key] = atlas.add(img)
    rects["blue"], rects["white"], rects["red"] = (atlas.swatch(c) for c in
                                                   ("#2f6bff", "#fff3d6", "#ff1a1a"))
    _img, m = atlas_materials(atlas, name, paint=dict(roughness=0.35, metallic=0.2),
                              metal=dict(roughness=0.35, metallic=0.9),
                              rubber=dict(roughness=0.9), glow=dict(roughness=0.3, glow=True))
    return MeshBuilder(atlas.white), m, rects


def _lights(mb, m, r, half_w: float, front: float, back: float, z: float) -> None:
    for sx in (-1, 1):
        mb.add(m["glow"], box((0.3, 0.03, 0.1), (sx * (half_w - 0.25), front, z),
                              default=r["white"]))
        mb.add(m["glow"], box((0.25, 0.03, 0.12), (sx * (half_w - 0.2), back, z + 0.05),
                              default=r["red"]))


def build_police_car() -> Node:
    """A marked police estate car, 4.7 x 1.8 m: chequered sides, POLICE on the doors, a blue
    light bar on the roof."""
    half_w = 0.9
    outline = [(-2.35, 0.35), (2.35, 0.35), (2.35, 0.72), (1.2, 0.98), (0.55, 1.45),
               (-2.0, 1.47), (-2.35, 1.15)]  # side view (y, z), front at +Y
    w, h, px = _pixels(outline)
    windows = [[px(1.1, 1.0), px(0.55, 1.4), px(-0.45, 1.4), px(-0.45, 1.0)],
               [px(-0.55, 1.0), px(-0.55, 1.4), px(-1.95, 1.42), px(-2.25, 1.05)]]
    stripes = [(px(0, 0.88)[1], px(0, 0.7)[1], ("#1a49c9", "#f2d21b"))]
    side = _side_view(w, h, "#f4f4f2", windows, stripes)
    side.text(px(0.2, 0)[0], px(0, 0.55)[1], "POLICE", 46, "#1a49c9", anchor="mm")
    mb, m, r = _kit("police_car", side, w, h)
    body = prism(outline, 2 * half_w, cap_rect=r["side"], side_rect=r["white"])
    mb.add(m["paint"], body, "#f4f4f2", xform=rot_z(90))
    _lights(mb, m, r, half_w, 2.36, -2.36, 0.65)
    mb.add(m["rubber"], box((1.3, 0.3, 0.07), (0, -0.3, 1.5)), "#2a2b2d")
    for sx in (-1, 1):
        mb.add(m["glow"], box((0.55, 0.26, 0.1), (sx * 0.33, -0.3, 1.58), default=r["blue"]))
    for y in (1.45, -1.4):
        for sx in (-1, 1):
            _wheel(mb, m, sx * (half_w - 0.08), y, 0.32, 0.22)
    return Node("police_car", mb.primitives())


def build_van() -> Node:
    """A white panel van, 5.3 x 2.0 m, 2.45 m high; its cargo sides (`label`) are blank."""
    half_w = 1.0
    outline = [(-2.65, 0.38), (2.65, 0.38), (2.65, 0.9), (2.25, 1.08), (1.55, 1.95),
               (1.35, 2.45), (-2.65, 2.45)]
    w, h, px = _pixels(outline)
    windows = [[px(2.1, 1.15), px(1.5, 1.9), px(0.9, 1.9), px(0.9, 1.15)]]
    side = _side_view(w, h, "#eceeef", windows)
    side.rect(*px(0.75, 2.3), *px(0.78, 0.45), fill="#b9bec4")  # cab / cargo door seam
    side.rect(*px(-0.9, 2.3), *px(-0.87, 0.45), fill="#b9bec4")  # sliding door seam
    mb, m, r = _kit("van", side, w, h)
    body = prism(outline, 2 * half_w, cap_rect=r["side"], side_rect=r["white"])
    mb.add(m["paint"], body, "#eceeef", xform=rot_z(90))
    _lights(mb, m, r, half_w, 2.66, -2.66, 0.85)
    mb.add(m["rubber"], box((2.05, 0.2, 0.25), (0, 2.7, 0.55)), "#2a2b2d")
    for y in (1.75, -1.85):
        for sx in (-1, 1):
            _wheel(mb, m, sx * (half_w - 0.1), y, 0.35, 0.24)
    labels = Surfaces()
    for face, sx in (("+x", 1), ("-x", -1)):
        labels.side("label", (sx * (half_w + 0.002), -0.95, 1.55), 2.9, 1.2, face)
    return with_surfaces("van", mb, labels)


BUILDERS = {"police_car": build_police_car, "van": build_van}
