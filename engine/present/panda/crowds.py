"""Crowds and traffic in the world: members standing still are one flattened batch (a few draw
calls however many there are), and those joining or leaving walk as their own nodes."""

from __future__ import annotations

from typing import Any

from engine.core.view import CrowdView

WALKERS = 24  # at most this many members walk at once; more simply appear or go


class CrowdNode:
    def __init__(self, root: Any, crowd_id: str, member: Any) -> None:
        self.root = root.attachNewNode(f"crowd-{crowd_id}")
        self.member = member  # one member's model, in plain clothes
        self.standing: Any = None
        self.stood: tuple[Any, ...] | None = None  # the standing members last batched
        self.walkers: list[Any] = []

    def apply(self, crowd: CrowdView) -> None:
        standing = tuple((round(x, 2), round(y, 2), round(h, 1))
                         for (x, y, _), h, walking in crowd.members if not walking)
        if standing != self.stood:
            self._batch(standing)
        walking = [(p, h) for p, h, moving in crowd.members if moving][:WALKERS]
        while len(self.walkers) < len(walking):
            self.walkers.append(self.member.instanceTo(self.root))
        for node, ((x, y, z), heading) in zip(self.walkers, walking, strict=False):
            node.unstash()
            node.setPosHpr(x, y, z, heading, 0, 0)
        for node in self.walkers[len(walking):]:
            node.stash()

    def _batch(self, standing: tuple[tuple[float, float, float], ...]) -> None:
        if self.standing is not None:
            self.standing.removeNode()
        self.standing = self.root.attachNewNode("standing")
        for x, y, heading in standing:
            copy = self.member.copyTo(self.standing)
            copy.setPosHpr(x, y, 0, heading, 0, 0)
        self.standing.flattenStrong()
        self.stood = standing

    def destroy(self) -> None:
        self.root.removeNode()
