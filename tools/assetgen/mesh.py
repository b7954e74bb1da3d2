"""Geometry primitives and a per-node mesh builder.

Everything is in Panda3D's frame: metres, Z up, +Y is the model's front.
UV rectangles are (u0, v0, u1, v1) in glTF convention (v = 0 at the top of the
image); a face mapped onto a rectangle shows the image upright when seen from
outside.  A degenerate rectangle (a point, see Atlas.swatch) samples a single
texel.  Untextured geometry carries the PLAIN rectangle, which MeshBuilder maps
to the white block of the model's atlas, so its vertex colour shows unchanged.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .gltf import Material, Primitive
from .tex import srgb_to_linear

Rect = tuple[float, float, float, float]
# UV "rectangle" of untextured geometry; MeshBuilder maps it to the atlas's white texel
PLAIN: Rect = (-1.0, -1.0, -1.0, -1.0)


# --------------------------------------------------------------------------- transforms


def translate(x: float, y: float, z: float) -> np.ndarray:
    m = np.eye(4)
    m[:3, 3] = (x, y, z)
    return m


def scale(x: float, y: float | None = None, z: float | None = None) -> np.ndarray:
    return np.diag([x, x if y is None else y, x if z is None else z, 1.0])


def _rot(axis: int, degrees: float) -> np.ndarray:
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    i, j = [(1, 2), (2, 0), (0, 1)][axis]
    m = np.eye(4)
    m[i, i], m[i, j], m[j, i], m[j, j] = c, -s, s, c
    return m


def rot_x(deg: float) -> np.ndarray:
    return _rot(0, deg)


def rot_y(deg: float) -> np.ndarray:
    return _rot(1, deg)


def rot_z(deg: float) -> np.ndarray:
    return _rot(2, deg)


def chain(*mats: np.ndarray) -> np.ndarray:
    """chain(a, b, c) applies c first, then b, then a (like a @ b @ c)."""
    out = np.eye(4)
    for m in mats:
        out = out @ m
    return out


def aim_z(p0, p1) -> np.ndarray:
    """Transform taking the unit Z segment [0, 1] onto the segment p0 -> p1 (length in z)."""
    p0, p1 = np.asarray(p0, float), np.asarray(p1, float)
    d = p1 - p0
    length = float(np.linalg.norm(d))
    z = d / length
    helper = np.array([1.0, 0, 0]) if abs(z[0]) < 0.9 else np.array([0, 1.0, 0])
    x = np.cross(helper, z)
    x /= np.linalg.norm(x)
    y = np.cross(z, x)
    m = np.eye(4)
    m[:3, 0], m[:3, 1], m[:3, 2], m[:3, 3] = x, y, z * length, p0
    return m


# --------------------------------------------------------------------------- geometry


@dataclass
class Geo:
    pos: np.ndarray
    nrm: np.ndarray
    uv: np.ndarray
    idx: np.ndarray

    def transformed(self, m: np.ndarray) -> Geo:
        pos = self.pos @ m[:3, :3].T + m[:3, 3]
        nrm = self.nrm @ np.linalg.inv(m[:3, :3])  # inverse-transpose
        nrm = nrm / np.maximum(np.linalg.norm(nrm, axis=1, keepdims=True), 1e-12)
        idx = self.idx
        if np.linalg.det(m[:3, :3]) < 0:  # mirrored: keep faces pointing outwards
            idx = idx.reshape(-1, 3)[:, ::-1].reshape(-1)
        return Geo(pos, nrm, self.uv, idx)


def merge(*geos: Geo) -> Geo:
    offsets = np.cumsum([0] + [len(g.pos) for g in geos[:-1]])
    return Geo(
        np.concatenate([g.pos for g in geos]),
        np.concatenate([g.nrm for g in geos]),
        np.concatenate([g.uv for g in geos]),
        np.concatenate([g.idx + o for g, o in zip(geos, offsets, strict=True)]),
    )


def _uv(rect: Rect, s, t) -> np.ndarray:
    u0, v0, u1, v1 = rect
    return np.stack([u0 + np.asarray(s) * (u1 - u0), v0 + np.asarray(t) * (v1 - v0)], axis=-1)


# normal, right, down (as seen from outside the face)
_FACES = {
    "+x": ((1, 0, 0), (0, 1, 0), (0, 0, -1)),
    "-x": ((-1, 0, 0), (0, -1, 0), (0, 0, -1)),
    "+y": ((0, 1, 0), (-1, 0, 0), (0, 0, -1)),
    "-y": ((0, -1, 0), (1, 0, 0), (0, 0, -1)),
    "+z": ((0, 0, 1), (1, 0, 0), (0, -1, 0)),
    "-z": ((0, 0, -1), (1, 0, 0), (0, 1, 0)),
}


def quad(tl, bl, br, tr, rect: Rect = PLAIN) -> Geo:
    """A flat quad given its corners as seen from the front (counter-clockwise)."""
    pos = np.array([tl, bl, br, tr], float)
    n = np.cross(pos[1] - pos[0], pos[2] - pos[0])
    if np.linalg.norm(n) < 1e-12:
        n = np.cross(pos[2] - pos[0], pos[3] - pos[0])
    n = n / np.linalg.norm(n)
    uv = _uv(rect, [0, 0, 1, 1], [0, 1, 1, 0])
    return Geo(pos, np.tile(n, (4, 1)), uv, np.array([0, 1, 2, 0, 2, 3]))


def box(
    size,
    center=(0, 0, 0),
    faces: dict[str, Rect] | None = None,
    default: Rect = PLAIN,
    skip: tuple[str, ...] = (),
) -> Geo:
    """Axis-aligned box; `faces` maps '+x', '-y', ... to UV rectangles."""
    half = np.asarray(size, float) / 2
    c = np.asarray(center, float)
    geos = []
    for name, (n, r, d) in _FACES.items():
        if name in skip:
            continue
        n, r, d = (np.asarray(v, float) for v in (n, r, d))
        fc = c + n * half
        hr, hd = r * half, d * half
        geos.append(
            quad(
                fc - hr - hd,
                fc - hr + hd,
                fc + hr + hd,
                fc + hr - hd,
                (faces or {}).get(name, default),
            )
        )
    return merge(*geos)


def surface(grid: np.ndarray, rect: Rect = PLAIN, closed: bool = False) -> Geo:
    """A smooth-shaded quad grid (rows x cols x 3).  `closed` welds the normals of
    the first and last column, for surfaces of revolution."""
    rows, cols = grid.shape[:2]
    pos = grid.reshape(-1, 3).astype(float)
    r, c = np.meshgrid(np.arange(rows - 1), np.arange(cols - 1), indexing="ij")
    a = (r * cols + c).reshape(-1)
    b, d = a + cols, a + 1
    e = b + 1
    # normal = d(col) x d(row)
    tris = np.stack([a, d, e, a, e, b], axis=1).reshape(-1, 3)
    fn = np.cross(pos[tris[:, 1]] - pos[tris[:, 0]], pos[tris[:, 2]] - pos[tris[:, 0]])
    nrm = np.zeros_like(pos)
    for k in range(3):
        np.add.at(nrm, tris[:, k], fn)
    if closed:
        n2 = nrm.reshape(rows, cols, 3)
        seam = n2[:, 0] + n2[:, -1]
        n2[:, 0], n2[:, -1] = seam, seam
        nrm = n2.reshape(-1, 3)
    length = np.linalg.norm(nrm, axis=1, keepdims=True)
    nrm = np.where(length > 1e-12, nrm / np.maximum(length, 1e-12), [0.0, 0.0, 1.0])
    # the last row maps to the top of the rectangle (for a lathe: the top of the profile)
    s, t = np.meshgrid(np.linspace(0, 1, cols), np.linspace(1, 0, rows))
    uv = _uv(rect, s.reshape(-1), t.reshape(-1))
    # drop degenerate triangles (at poles)
    area = np.linalg.norm(fn, axis=1)
    tris = tris[area > 1e-14]
    return Geo(pos, nrm, uv, tris.reshape(-1))


def lathe(
    profile,
    segments: int = 16,
    rect: Rect = PLAIN,
    sx: float = 1.0,
    sy: float = 1.0,
    start: float = 0.0,
    sweep: float = 360.0,
) -> Geo:
    """Revolve a (radius, z) profile about +Z.  Repeat a profile point to get a
    hard edge.  The profile should run bottom-to-top for outward normals."""
    prof = np.asarray(profile, float)
    ang = np.radians(start + np.linspace(0, sweep, segments + 1))
    ca, sa = np.cos(ang), np.sin(ang)
    grid = np.stack(
        [
            prof[:, None, 0] * ca[None] * sx,
            prof[:, None, 0] * sa[None] * sy,
            np.repeat(prof[:, None, 1], segments + 1, axis=1),
        ],
        axis=-1,
    )
    # split at repeated points so hard edges get their own normals
    geos, start_row = [], 0
    for i in range(1, len(prof) + 1):
        if i == len(prof) or np.allclose(prof[i], prof[i - 1]):
            if i - start_row >= 2:
                geos.append(surface(grid[start_row:i], rect, closed=sweep >= 360))
            start_row = i
    return merge(*geos)


def cylinder(
    radius: float,
    z0: float,
    z1: float,
    segments: int = 16,
    caps: bool = True,
    rect: Rect = PLAIN,
    r1: float | None = None,
) -> Geo:
    top = radius if r1 is None else r1
    prof = [(radius, z0), (top, z1)]
    if caps:
        prof = [(0, z0), (radius, z0)] + prof + [(top, z1), (0, z1)]
    return lathe(prof, segments, rect)


def limb(p0, p1, r0: float, r1: float, segments: int = 10, rect: Rect = PLAIN) -> Geo:
    """A capped, tapered cylinder from p0 to p1."""
    g = cylinder(r0, 0.0, 1.0, segments, caps=True, rect=rect, r1=r1)
    return g.transformed(aim_z(p0, p1))


def sphere(
    radius: float, segments: int = 16, rings: int = 10, rect: Rect = PLAIN, sz: float = 1.0
) -> Geo:
    a = np.linspace(-math.pi / 2, math.pi / 2, rings + 1)
    prof = np.stack([np.cos(a) * radius, np.sin(a) * radius * sz], axis=1)
    prof[0, 0] = prof[-1, 0] = 0.0
    return lathe(prof, segments, rect)


def _triangulate(poly: np.ndarray) -> list[tuple[int, int, int]]:
    """Ear clipping for a simple counter-clockwise polygon."""
    idx = list(range(len(poly)))
    tris = []

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    guard = 0
    while len(idx) > 3 and guard < 10000:
        guard += 1
        for k in range(len(idx)):
            i0, i1, i2 = idx[k - 1], idx[k], idx[(k + 1) % len(idx)]
            a, b, c = poly[i0], poly[i1], poly[i2]
            if cross(a, b, c) <= 1e-12:
                continue
            if any(
                cross(a, b, poly[j]) >= 0
                and cross(b, c, poly[j]) >= 0
                and cross(c, a, poly[j]) >= 0
                for j in idx
                if j not in (i0, i1, i2)
            ):
                continue
            tris.append((i0, i1, i2))
            idx.pop(k)
            break
    tris.append(tuple(idx))
    return tris


def prism(
    outline,
    depth: float,
    cap_rect: Rect = PLAIN,
    side_rect: Rect = PLAIN,
    back_rect: Rect | None = None,
) -> Geo:
    """Extrude an (x, z) outline (the shape seen from -Y, counter-clockwise) along Y,
    centred on y = 0.  The caps get planar UVs over the outline's bounding box: the
    -Y cap reads normally from -Y and the +Y cap (back_rect, default cap_rect) from +Y."""
    pts = np.asarray(outline, float)
    if sum(pts[i - 1, 0] * pts[i, 1] - pts[i, 0] * pts[i - 1, 1] for i in range(len(pts))) < 0:
        pts = pts[::-1]
    tris = np.array(_triangulate(pts))
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    s = (pts[:, 0] - lo[0]) / (hi[0] - lo[0])
    t = (hi[1] - pts[:, 1]) / (hi[1] - lo[1])
    h = depth / 2
    n = len(pts)
    front = Geo(
        np.column_stack([pts[:, 0], np.full(n, -h), pts[:, 1]]),
        np.tile([0.0, -1.0, 0.0], (n, 1)),
        _uv(cap_rect, s, t),
        tris.reshape(-1),
    )
    back = Geo(
        np.column_stack([pts[:, 0], np.full(n, h), pts[:, 1]]),
        np.tile([0.0, 1.0, 0.0], (n, 1)),
        _uv(back_rect or cap_rect, 1 - s, t),
        tris[:, [0, 2, 1]].reshape(-1),
    )
    # side_rect runs once around the perimeter (u by arc length)
    seg = np.linalg.norm(np.roll(pts, -1, axis=0) - pts, axis=1)
    cum = np.concatenate([[0.0], np.cumsum(seg)]) / seg.sum()
    u0, v0, u1, v1 = side_rect
    sides = []
    for i in range(n):
        a, b = pts[i], pts[(i + 1) % n]
        sub = (u0 + cum[i + 1] * (u1 - u0), v0, u0 + cum[i] * (u1 - u0), v1)
        sides.append(
            quad((b[0], h, b[1]), (b[0], -h, b[1]), (a[0], -h, a[1]), (a[0], h, a[1]), sub)
        )
    return merge(front, back, *sides)


def loft(
    stations, n: int = 16, exponent: float = 4.0, rect: Rect = PLAIN, caps: bool = True
) -> Geo:
    """Skin superellipse cross-sections placed along +Y.  Each station is
    (y, x_centre, z_centre, half_width, half_height); exponent 2 gives ellipses,
    larger values squarer sections."""
    st = np.asarray(stations, float)
    th = np.linspace(0, -2 * math.pi, n + 1)  # clockwise seen from +Y: outward normals
    c, s = np.cos(th), np.sin(th)
    ex = 2.0 / exponent
    ux = np.sign(c) * np.abs(c) ** ex
    uz = np.sign(s) * np.abs(s) ** ex
    grid = np.stack(
        [
            st[:, None, 1] + st[:, None, 3] * ux[None],
            np.repeat(st[:, None, 0], n + 1, axis=1),
            st[:, None, 2] + st[:, None, 4] * uz[None],
        ],
        axis=-1,
    )
    geos = [surface(grid, rect, closed=True)]
    if caps:
        for row, sign in ((0, -1.0), (len(st) - 1, 1.0)):
            ring = grid[row, :-1]
            centre = np.array([st[row, 1], st[row, 0], st[row, 2]])
            pos = np.vstack([centre, ring])
            k = np.arange(1, n + 1)
            tris = np.stack([np.zeros(n, int), k, k % n + 1], axis=1)
            if sign < 0:
                tris = tris[:, [0, 2, 1]]
            geos.append(
                Geo(
                    pos,
                    np.tile([0.0, sign, 0.0], (n + 1, 1)),
                    np.tile(np.asarray(rect[:2]), (n + 1, 1)),
                    tris.reshape(-1),
                )
            )
    return merge(*geos)


# --------------------------------------------------------------------------- builder


class MeshBuilder:
    """Collects geometry per material for one node."""

    def __init__(self, white: Rect = (0.0, 0.0, 0.0, 0.0)) -> None:
        self.white = np.asarray(white[:2], float)
        self._parts: dict[Material, list[tuple[Geo, np.ndarray]]] = {}

    def add(
        self,
        material: Material,
        geo: Geo,
        color: str | tuple = "#ffffff",
        xform: np.ndarray | None = None,
    ) -> None:
        if xform is not None:
            geo = geo.transformed(xform)
        plain = (geo.uv < -0.5).all(axis=1)
        if plain.any():
            geo = Geo(geo.pos, geo.nrm, np.where(plain[:, None], self.white, geo.uv), geo.idx)
        lin = np.asarray(srgb_to_linear(color), float)
        self._parts.setdefault(material, []).append((geo, np.tile(lin, (len(geo.pos), 1))))

    def primitives(self) -> list[Primitive]:
        prims = []
        for mat, parts in self._parts.items():
            g = merge(*[p[0] for p in parts])
            colors = np.concatenate([p[1] for p in parts])
            prims.append(Primitive(mat, g.pos, g.nrm, g.uv, colors, g.idx))
        return prims
