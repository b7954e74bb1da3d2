"""The panels a trainee can open, built from the View: a prop's menu, the radio, documents,
the briefing, and a decision docked at the side. Each row carries a key saying what it does."""

from __future__ import annotations

from collections.abc import Sequence

from engine.core.view import ActionView, DecisionView, DocumentView, PropView, View
from engine.interact.lines import Line, clock, say, verbatim
from engine.interact.screen import Entry, PanelShown, Row, Section


def hint_ids(device: str) -> dict[str, str]:
    suffix = "_xr" if device == "xr" else ""
    return {name: f"ui/{name}_hint{suffix}" for name in ("menu", "document", "briefing",
                                                          "decision")}


def number_keys(rows: int) -> str:
    """The number keys that pick one of ``rows`` rows: "1", or "1-5"."""
    return "1" if rows == 1 else f"1-{min(rows, 9)}"


def action_key(action: ActionView) -> str:
    """A row's key for an action: ``do:ACTION``, or ``ask:PARTNER:VIA:ACTION`` when it asks a
    partner to take it."""
    if action.partner is not None:
        return f"ask:{action.partner}:{action.via or 'radio'}:{action.id}"
    return f"do:{action.id}"


def menu(view: View, prop: PropView, device: str, talk: Line | None = None,
         ) -> PanelShown | None:
    """What can be done with ``prop``: its actions, then a row to read each document; at
    another trainee's figure (``talk``: their name), a row to speak to them."""
    rows = [Row(n, Line(a.label_id), action_key(a))
            for n, a in enumerate(view.interactables.get(prop.id, ()), start=1)]
    for document in prop.documents:
        rows.append(Row(len(rows) + 1, say("ui/read", title=Line(document.title_id)),
                        f"read:{prop.id}:{document.id}"))
    if talk is not None and prop.role is not None:
        rows.append(Row(len(rows) + 1, say("ui/talk_row", role=talk),
                        f"say:{prop.role}:face_to_face"))
    if not rows:
        return None
    return PanelShown("menu", f"menu:{prop.id}", Line(prop.name_id), rows=tuple(rows),
                      hint=say(hint_ids(device)["menu"], keys=number_keys(len(rows))))


def radio(view: View, device: str, talk_to: Sequence[tuple[str, Line]] = ()) -> (
    PanelShown | None
):
    """Actions not tied to a prop, a row to reread each document received so far, then a
    row to message each other trainee (``talk_to``: their roles and names)."""
    rows = [Row(n, Line(a.label_id), action_key(a)) for n, a in enumerate(view.at_hand, start=1)]
    rows += [Row(len(rows) + 1, say("ui/read", title=Line(d.title_id)), f"reread:{d.id}")
             for d in view.documents]
    rows += [Row(len(rows) + n, say("ui/message_row", role=name), f"say:{role}")
             for n, (role, name) in enumerate(talk_to, start=1)]
    if not rows:
        return None
    return PanelShown("radio", "radio", say("ui/radio_title"), rows=tuple(rows),
                      hint=say(hint_ids(device)["menu"], keys=number_keys(len(rows))))


def message(to: Line, via: str, text: str, warned: bool) -> PanelShown:
    """A message to another trainee, by radio or face to face, being typed."""
    entry = Entry(say("ui/message_prompt"), text, True,
                  say("ui/message_empty") if warned else None)
    title = "ui/message_title" if via == "radio" else "ui/talk_title"
    return PanelShown("message", "message", say(title, role=to), entry=entry,
                      hint=say("ui/message_hint"))


def _sections(shown: Sequence[DocumentView]) -> tuple[Section, ...]:
    return tuple(Section(Line(d.title_id), (Line(d.body_id),)) for d in shown)


def documents(prop: PropView, only: str | None, device: str) -> PanelShown | None:
    """A prop's documents; any record they are compared with stands beside them."""
    shown = [d for d in prop.documents if only is None or d.id == only]
    if not shown:
        return None
    return PanelShown(
        "document", f"document:{prop.id}:{only or '*'}", Line(prop.name_id),
        sections=_sections(shown), hint=say(hint_ids(device)["document"]),
        beside=_sections([d.beside for d in shown if d.beside is not None]))


def received(document: DocumentView, device: str) -> PanelShown:
    """A document that came with a message or out of an action, read again."""
    return PanelShown(
        "document", f"document:received:{document.id}", say("ui/received"),
        sections=((Section(Line(document.title_id), (Line(document.body_id),))),),
        hint=say(hint_ids(device)["document"]),
        beside=_sections([document.beside] if document.beside is not None else []))


def briefing(view: View, device: str) -> PanelShown:
    sections = []
    if view.briefing_id:
        sections.append(Section(say("ui/your_role"), (Line(view.briefing_id),)))
    if view.objective_ids:
        sections.append(Section(say("ui/objectives"), tuple(
            say("ui/objective", text=Line(o)) for o in view.objective_ids)))
    return PanelShown("briefing", "briefing", Line(view.title_id), sections=tuple(sections),
                      hint=say(hint_ids(device)["briefing"]))


def decision(shown: DecisionView, device: str, typing: tuple[str, str, bool] | None,
             warned: bool) -> PanelShown:
    """``typing``: (option picked, text so far, whether a reason is required)."""
    rows = tuple(Row(n, Line(o.label_id), f"option:{o.id}",
                     chosen=typing is not None and typing[0] == o.id)
                 for n, o in enumerate(shown.options, start=1))
    entry = None
    if typing is not None:
        required = shown.rationale == "required"
        prompt = f"ui/rationale_{'prompt' if required else 'optional'}"
        prompt += "_xr" if device == "xr" else ""
        warning = say("ui/rationale_needed" + ("_xr" if device == "xr" else "")) \
            if warned else None
        entry = Entry(say(prompt), typing[1], required, warning)
    countdown = None
    if shown.time_left_ms is not None:
        countdown = say("ui/time_left", time=clock(shown.time_left_ms))
    hint = say("ui/typing_hint" if typing is not None and device != "xr"
               else hint_ids(device)["decision"], keys=number_keys(len(rows)))
    return PanelShown("decision", f"decision:{shown.id}", Line(shown.prompt_id), rows=rows,
                      entry=entry, hint=hint, countdown=countdown)


def typed(text: str) -> Line:
    return verbatim(text)


def row_key(rows: Sequence[Row], number: int) -> str | None:
    return next((r.key for r in rows if r.number == number), None)
