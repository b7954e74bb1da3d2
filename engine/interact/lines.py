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
    values: tuple[tuple[str, bool | int | float | str], ...] = ()  # live scenario values

    def arg(self, name: str) -> Line | Arg | None:
        return next((value for key, value in self.args if key == name), None)


def say(string_id: str, **args: Line | Arg) -> Line:
    """The line ``string_id`` with ``args`` filled into its named fields."""
    return Line(string_id, tuple(sorted(args.items())))


def filled(string_id: str, values: object) -> Line:
    """A scenario message naming live values (``{pallet_temp}``): the values its event
    carries, each shown as the status plate shows that variable."""
    if not isinstance(values, dict) or not values:
        return Line(string_id)
    return Line(string_id, values=tuple(sorted((str(k), v) for k, v in values.items()
                                               if isinstance(v, bool | int | float | str))))


def verbatim(text: str) -> Line:
    """Words the trainee typed, shown as they are."""
    return say("ui/verbatim", text=text)

