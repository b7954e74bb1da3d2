"""What a walker bumps into, read from the models themselves: no collision meshes to author.

The environment's walls, stacks, fences, poles and buildings are found by slicing its
triangles with a few horizontal planes between knee and head height; every grid cell a
slice crosses is blocked. Props block by their footprint where they stand now.
"""

from __future__ import annotations

import os
from typing import Any

# Small arrays only: BLAS threads would just spin beside the renderer on a machine of few cores.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from engine.interact.body import Box

HEIGHTS = (0.3, 0.6, 0.9, 1.3, 1.6)  # metres: where a body would touch a wall
CELL = 0.25
_J_OFFSET = 1 << 31  # packs a cell's j beside its i in one int64


def _triangles(root: Any) -> np.ndarray:
    """Every triangle under ``root`` in its coordinates, as an (n, 3, 3) array."""
    from panda3d.core import GeomNode

    found: list[np.ndarray] = []
    for path in root.findAllMatches("**/+GeomNode"):
        node: GeomNode = path.node()
        matrix = path.getMat(root)
        for g in range(node.getNumGeoms()):
            geom = node.getGeom(g)
            vertices = _positions(geom.getVertexData(), matrix)
            if not len(vertices):
                continue
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


def _positions(data: Any, matrix: Any) -> np.ndarray:
    """The vertex positions of ``data`` transformed by ``matrix``, as an (n, 3) array; read
    straight from the vertex array when it holds plain 32-bit floats."""
    from panda3d.core import GeomEnums, GeomVertexReader, InternalName

    found = data.getFormat().getArrayWith(InternalName.getVertex())
    column = data.getFormat().getColumn(InternalName.getVertex())
    rows = data.getNumRows()
    if (found >= 0 and column.getNumericType() == GeomEnums.NT_float32
            and column.getNumComponents() >= 3 and rows):
        array = data.getArray(found)
        stride = array.getArrayFormat().getStride()
        raw = np.frombuffer(bytes(memoryview(array)), dtype=np.uint8)[: rows * stride]
        local = np.ndarray((rows, 3), dtype="<f4", buffer=raw, offset=column.getStart(),
                           strides=(stride, 4)).astype(np.float64)
    else:
        reader, points = GeomVertexReader(data, "vertex"), []
        while not reader.isAtEnd():
            points.append(tuple(reader.getData3()))
        local = np.array(points, dtype=np.float64).reshape(-1, 3)
    rows4 = np.array([list(matrix.getRow(r)) for r in range(4)], dtype=np.float64)
    return local @ rows4[:3, :3] + rows4[3, :3]  # Panda3D's matrices act on row vectors


def blocked_cells(root: Any, cell: float = CELL) -> frozenset[tuple[int, int]]:
    """The grid cells that the geometry under ``root`` crosses at body height."""
    triangles = _triangles(root)
    if not len(triangles):
        return frozenset()
    low, high = triangles[:, :, 2].min(axis=1), triangles[:, :, 2].max(axis=1)
    found = [_cells_along(_slice(triangles[(low < h) & (high > h)], h), cell) for h in HEIGHTS]
    cells = np.concatenate(found)
    keys = np.unique((cells[:, 0] << 32) + (cells[:, 1] + _J_OFFSET))  # one int64 per cell
    i, j = (keys >> 32).tolist(), ((keys & 0xFFFFFFFF) - _J_OFFSET).tolist()
    return frozenset(zip(i, j, strict=True))


def _slice(crossing: np.ndarray, h: float) -> np.ndarray:
    """Where triangles that cross height ``h`` meet it: an (n, 2, 2) array of segments, one
    per triangle that two of its edges cut."""
    ends = []
    for a, b in ((0, 1), (1, 2), (2, 0)):
        za, zb = crossing[:, a, 2] - h, crossing[:, b, 2] - h
        cut = za * zb < 0
        t = np.where(cut, za / np.where(cut, za - zb, 1.0), np.nan)
        ends.append(crossing[:, a, :2] + (crossing[:, b, :2] - crossing[:, a, :2]) * t[:, None])
    stacked = np.stack(ends, axis=1)  # (n, 3 edges, 2); the edges that miss are nan
    missed = np.isnan(stacked[:, :, 0])
    two = (~missed).sum(axis=1) >= 2
    order = np.argsort(missed[two], axis=1, kind="stable")[:, :2]  # the first two cut edges
    return np.take_along_axis(stacked[two], order[:, :, None], axis=1)


def _cells_along(segments: np.ndarray, cell: float) -> np.ndarray:
    """The (i, j) grid cells of points every half cell along each segment, ends included."""
    if not len(segments):
        return np.zeros((0, 2), dtype=np.int64)
    start, delta = segments[:, 0], segments[:, 1] - segments[:, 0]
    steps = np.maximum(1, np.ceil(np.hypot(delta[:, 0], delta[:, 1]) / (cell / 2)))
    counts = steps.astype(np.int64) + 1
    which = np.repeat(np.arange(len(segments)), counts)
    k = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    points = start[which] + delta[which] * k[:, None] / steps[which][:, None]
    cells: np.ndarray = np.floor(points / cell).astype(np.int64)
    return cells


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
