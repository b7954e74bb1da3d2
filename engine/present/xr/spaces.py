"""Reference spaces: the play space the world is anchored to (stage where the runtime has
one, local where not) and the view space the head moves in."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

STAGE, LOCAL, VIEW = 3, 2, 1  # XrReferenceSpaceType


def choose_play_space(available: Sequence[int]) -> int:
    """Stage (floor-level, the size of the room) if offered, else local (seated origin)."""
    return STAGE if STAGE in available else LOCAL


class Spaces:
    def __init__(self, session: Any) -> None:
        import xr

        offered = [int(s) for s in xr.enumerate_reference_spaces(session)]
        self.kind = choose_play_space(offered)
        self.floor = self.kind == STAGE  # local space's origin is the head, not the floor
        self.play = self._make(session, self.kind)
        self.view = self._make(session, VIEW)

    @staticmethod
    def _make(session: Any, kind: int) -> Any:
        import xr

        return xr.create_reference_space(session, xr.ReferenceSpaceCreateInfo(
            reference_space_type=xr.ReferenceSpaceType(kind),
            pose_in_reference_space=xr.Posef()))

    def locate(self, space: Any, time: int) -> Any | None:
        """The pose of ``space`` in the play space at ``time``, or None while not tracked."""
        import xr

        location = xr.locate_space(space, self.play, time)
        flags = int(location.location_flags)
        valid = xr.SPACE_LOCATION_POSITION_VALID_BIT | xr.SPACE_LOCATION_ORIENTATION_VALID_BIT
        return location.pose if flags & valid == valid else None

    def destroy(self) -> None:
        import xr

        for space in (self.play, self.view):
            if space is not None:
                xr.destroy_space(space)
        self.play = self.view = None
