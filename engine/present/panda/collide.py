"""What a walker bumps into, read from the models themselves: no collision meshes to author.

The environment's walls, stacks, fences, poles and buildings are found by slicing its
triangles with a few horizontal planes between knee and head height; every grid cell a
slice crosses is blocked. Props block by their footprint where they stand now.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from engine.interact.body import Box

HEIGHTS = (0.3, 0.6, 0.9, 1.3, 1.6)  # metres: where a body would touch a wall
CELL = 0.25


def _triangles(root: Any) -> np.ndarray:
    """Every triangle under ``root`` in its coordinates, as an (n, 3, 3) array."""
    from panda3d.core import GeomNode, GeomVertexReader

    found: list[np.ndarray] = []
    for path in root.findAllMatches("**/+GeomNode"):
        node: GeomNode = path.node()
        matrix = path.getMat(root)
        for g in range(node.getNumGeoms()):
            geom = node.getGeom(g)
            reader = GeomVertexReader(geom.getVertexData(), "vertex")
            points = []
            while not reader.isAtEnd():
                p = matrix.xformPoint(reader.getData3())
                points.append((p.x, p.y, p.z))
            if not points:
                continue
            vertices = np.array(points, dtype=np.float64)
            for p in range(geom.getNumPrimitives()):
                triangles = geom.getPrimitive(p).decompose()
                handle = triangles.getVertices()
                if handle is None:
                    start = triangles.getFirstVertex()
                    index = np.arange(start, start + triangles.getNumVertices())
                else:
                    width = triangles.getIndexStride()
                    kind = {1: np.uint8, 2: np.uint16, 4: np.uint32}[width]
                    index = np.frombuffer(bytes(memoryview(handle)), dtype=kind).astype(np.int64)
                usable = len(index) - len(index) % 3
                if usable:
                    found.append(vertices[index[:usable]].reshape(-1, 3, 3))
    return np.concatenate(found) if found else np.zeros((0, 3, 3))


def blocked_cells(root: Any, cell: float = CELL) -> frozenset[tuple[int, int]]:
    """The grid cells that the geometry under ``root`` crosses at body height."""
    triangles = _triangles(root)
    if not len(triangles):
        return frozenset()
    low, high = triangles[:, :, 2].min(axis=1), triangles[:, :, 2].max(axis=1)
    cells: set[tuple[int, int]] = set()
    for h in HEIGHTS:
        crossing = triangles[(low < h) & (high > h)]
        if not len(crossing):
            continue
        ends = []
        for a, b in ((0, 1), (1, 2), (2, 0)):
            za, zb = crossing[:, a, 2] - h, crossing[:, b, 2] - h
            cut = za * zb < 0
            t = np.where(cut, za / np.where(cut, za - zb, 1.0), np.nan)
            point = crossing[:, a, :2] + (crossing[:, b, :2] - crossing[:, a, :2]) * t[:, None]
            ends.append(point)
        stacked = np.stack(ends, axis=1)  # (n, 3 edges, 2); two edges are cut, one is nan
        for segment in stacked:
            pts = segment[~np.isnan(segment[:, 0])]
            if len(pts) < 2:
                continue
            (x0, y0), (x1, y1) = pts[0], pts[1]
            steps = max(1, math.ceil(math.hypot(x1 - x0, y1 - y0) / (cell / 2)))
            for k in range(steps + 1):
                x, y = x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps
                cells.add((math.floor(x / cell), math.floor(y / cell)))
    return frozenset(cells)


def footprint(node: Any, bounds: tuple[Any, Any], render: Any, owner: str = "") -> Box:
    """A prop's footprint on the ground where it stands now; it blocks a walker unless it is
    ankle-high or overhead."""
    lo, hi = bounds
    z = node.getZ(render)
    blocks = hi.z - lo.z >= 0.3 and lo.z + z <= 1.5
    xs, ys = [], []
    for x in (lo.x, hi.x):
        for y in (lo.y, hi.y):
            p = render.getRelativePoint(node, (x, y, 0))
            xs.append(p.x)
            ys.append(p.y)
    return Box(min(xs), min(ys), max(xs), max(ys), owner, lo.z + z, hi.z + z, blocks)
