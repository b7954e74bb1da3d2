"""What a walker bumps into, read from real Panda3D geometry: walls block the cells they stand
in, wherever their node has put them; what is below the knee or above the head does not."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("panda3d", reason="panda3d is not installed (pip install -e '.[desktop]')")

from engine.present.panda.collide import CELL, blocked_cells  # noqa: E402


def wall(parent: Any, length: float, height: float, bottom: float = 0.0) -> Any:
    """An upright face from (0, 0) to (length, 0) along x, from ``bottom`` to ``height``."""
    from panda3d.core import CardMaker

    made = CardMaker("wall")
    made.setFrame(0, length, bottom, height)  # a card lies in x-z, facing -y
    return parent.attachNewNode(made.generate())


def test_a_wall_blocks_exactly_the_cells_along_it() -> None:
    from panda3d.core import NodePath

    root = NodePath("place")
    wall(root, 2.0, 2.5).setY(1.0)
    assert blocked_cells(root) == {(i, round(1.0 / CELL)) for i in range(round(2.0 / CELL) + 1)}


def test_the_wall_is_where_its_node_puts_it() -> None:
    from panda3d.core import NodePath

    root = NodePath("place")
    holder = root.attachNewNode("turned")
    holder.setPos(10.1, -3.1, 0.0)
    holder.setH(90)  # the wall now runs along +y from (10.1, -3.1) to (10.1, -1.1)
    wall(holder, 2.0, 2.5)
    cells = blocked_cells(root)
    assert {i for i, _ in cells} == {40}  # quarter-metre cells: 10.1 m is in the 40th
    assert {j for _, j in cells} == set(range(-13, -4))


def test_a_kerb_and_an_awning_block_nothing() -> None:
    from panda3d.core import NodePath

    root = NodePath("place")
    wall(root, 3.0, 0.2)  # below the knee
    wall(root, 3.0, 3.0, bottom=2.2).setY(2.0)  # above the head
    assert blocked_cells(root) == frozenset()


def test_a_slanted_roof_blocks_the_line_where_it_passes_body_height() -> None:
    from panda3d.core import NodePath

    root = NodePath("place")
    roof = wall(root, 4.0, 4.0, bottom=0.0)
    roof.setP(-45)  # leaning back: it crosses 0.3 m to 1.6 m over a band of y
    cells = blocked_cells(root)
    rows = {j for _, j in cells}
    assert cells and len(rows) > 1  # one line of cells per slicing height
    assert all(0 <= i <= 16 for i, _ in cells)


def test_nothing_to_bump_into_in_an_empty_place() -> None:
    from panda3d.core import NodePath

    assert blocked_cells(NodePath("place")) == frozenset()
