"""The always-on parts of the screen, as lines: the status plate, what the crosshair rests
on, the footer of keys, set-aside decisions, the end or pause banner and the thermal reading."""

from __future__ import annotations

from collections.abc import Sequence

from engine.core.view import VariableView, View
from engine.interact.lines import Line, clock, filled, say, verbatim
from engine.interact.screen import Banner, Reminder
from engine.scenario.strings import string_id

AMBIENT_C = 18.0


def value_line(view: View, variable: VariableView, zones: frozenset[str]) -> Line:
    """A shown variable's value in words: yes/no, a zone's name for a zone id, a number."""
    value = variable.value
    if isinstance(value, bool):
        return say("ui/yes" if value else "ui/no")
    if variable.value_id is not None:
        return Line(variable.value_id)
    if isinstance(value, str):
        if value in zones:
            return Line(string_id(view.scenario, f"zone/{value}/name"))
        return verbatim(value.replace("_", " "))
    number = f"{value:.1f}" if isinstance(value, float) else str(value)
    if variable.unit:
        return say("ui/number_unit", number=number, unit=variable.unit)
    return verbatim(number)


def status(view: View, paused: bool, zones: frozenset[str]) -> tuple[Line, ...]:
    lines = [say("ui/role", role=Line(string_id(view.scenario, f"role/{view.role}/name"))),
             say("ui/clock_paused" if paused else "ui/clock", elapsed=clock(view.t_ms),
                 limit=clock(view.time_limit_ms))]
    lines += [say("ui/variable", label=Line(v.label_id), value=value_line(view, v, zones))
              for v in view.variables]
    return tuple(lines)


def prompt(view: View, focus: str | None, device: str) -> tuple[Line, ...]:
    prop = view.prop(focus) if focus else None
    if prop is None or view.ended:
        return ()
    xr = "_xr" if device == "xr" else ""
    lines = [Line(prop.name_id)]
    actions = view.interactables.get(prop.id, ())
    if len(actions) == 1 and not prop.documents:
        lines.append(say(f"ui/act_key{xr}", action=Line(actions[0].label_id)))
    elif actions or prop.documents:
        lines.append(say(f"ui/act_menu{xr}", count=len(actions) + len(prop.documents)))
    if prop.documents:
        lines.append(say(f"ui/read_key{xr}", title=Line(prop.documents[0].title_id)))
    return tuple(lines)


def footer(view: View, device: str, captured: bool, panel: bool, decision: bool,
           typing: bool) -> tuple[Line, ...]:
    """The keys that do something now, and what Esc does."""
    if device == "xr" or view.ended:
        return ()
    if typing:
        return (say("ui/typing_footer"),)
    parts = []
    if view.at_hand and not panel:
        parts.append(say("ui/radio_key", count=len(view.at_hand)))
    parts.append(say("ui/keys_footer"))
    if panel:
        parts.append(say("ui/esc_closes"))
    elif captured:
        parts.append(say("ui/esc_releases"))
    elif decision:
        parts.append(say("ui/esc_sets_aside"))
    else:
        parts.append(say("ui/click_to_look"))
    return tuple(parts)


def reminders(view: View, waiting: Sequence[str], device: str) -> tuple[Reminder, ...]:
    found = []
    for decision in view.decisions:
        if decision.id not in waiting:
            continue
        countdown = None if decision.time_left_ms is None else \
            say("ui/time_left", time=clock(decision.time_left_ms))
        found.append(Reminder(decision.id, Line(decision.prompt_id), countdown,
                              say("ui/recall_key_xr" if device == "xr" else "ui/recall_key")))
    return tuple(found)


def banner(view: View, paused: bool) -> Banner | None:
    if view.ended:
        outcome = view.outcome or "timeout"
        lines = [say(f"ui/ended/{outcome}")]
        if view.ending_message_id:
            lines.append(filled(view.ending_message_id, dict(view.ending_values)))
        return Banner(tuple(lines), outcome)
    if paused:
        return Banner((say("ui/paused"),), "paused")
    return None


def thermal_span(view: View) -> tuple[float, float]:
    """The temperatures the thermal camera's colours run between: it ranges itself from a
    little below the air to above the hottest thing in view."""
    hottest = max((h.value for h in view.hazards), default=AMBIENT_C)
    return AMBIENT_C - 3.0, max(60.0, hottest + 5.0)


def thermal(view: View, units: dict[str, str]) -> tuple[Line, Line] | None:
    """The thermal camera's reading of the hottest hazard, and its colour scale."""
    if not view.hazards:
        return None
    hottest = max(view.hazards, key=lambda h: h.value)
    unit = units.get(hottest.variable, "")
    low, high = thermal_span(view)
    return (say("ui/thermal", value=f"{hottest.value:.1f}", unit=unit),
            say("ui/thermal_scale", low=f"{low:.0f}", high=f"{high:.0f}", unit=unit))
