"""A line of interface text: a stable string id and its named arguments, never glued words.

A presenter resolves a ``Line`` in the language it shows (``engine.present.texts.Texts``);
arguments may themselves be lines (an action's label inside "Done: {action}"), so a translation
can reorder the words around them.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.scenario.schema import clock as clock

Arg = str | int | float


@dataclass(frozen=True, slots=True)
class Line:
    id: str
    args: tuple[tuple[str, Line | Arg], ...] = ()

    def arg(self, name: str) -> Line | Arg | None:
        return next((value for key, value in self.args if key == name), None)


def say(string_id: str, **args: Line | Arg) -> Line:
    """The line ``string_id`` with ``args`` filled into its named fields."""
    return Line(string_id, tuple(sorted(args.items())))


def verbatim(text: str) -> Line:
    """Words the trainee typed, shown as they are."""
    return say("ui/verbatim", text=text)

