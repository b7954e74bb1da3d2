"""Every word a presenter shows, by stable id: the scenario's strings plus the interface's own.

Interface strings have ids under ``ui/``; a translation replaces the table, never the code.
"""

from __future__ import annotations

from collections.abc import Mapping

from engine.core.state import Value
from engine.core.view import VariableView
from engine.interact.lines import Line
from engine.interact.lines import clock as clock
from engine.scenario.schema import Scenario
from engine.scenario.strings import fill, string_id, string_table

UI_EN: Mapping[str, str] = {
    "ui/verbatim": "{text}",
    "ui/yes": "yes",
    "ui/no": "no",
    "ui/number_unit": "{number} {unit}",
    "ui/variable": "{label}: {value}",
    "ui/clock": "{elapsed} / {limit}",
    "ui/clock_paused": "{elapsed} / {limit}  (paused)",
    "ui/role": "You are: {role}",
    "ui/act_key": "[E] {action}",
    "ui/act_menu": "[E] Actions ({count})",
    "ui/read_key": "[F] Read: {title}",
    "ui/act_key_xr": "Trigger: {action}",
    "ui/act_menu_xr": "Trigger: actions ({count})",
    "ui/read_key_xr": "Grip: read {title}",
    "ui/read": "Read: {title}",
    "ui/received": "Received",
    "ui/attached": "{text}\nAttached: {title} (R to read it again)",
    "ui/radio_key": "[R] Radio and phone ({count})",
    "ui/keys_footer": "[Tab] Briefing   [T] Thermal   [P] Pause",
    "ui/esc_closes": "Esc closes",
    "ui/esc_releases": "Esc frees the mouse",
    "ui/esc_sets_aside": "Esc sets the decision aside",
    "ui/click_to_look": "Click to look around",
    "ui/typing_footer": "Type your reason   Enter: done   Esc: back to the options",
    "ui/message_footer": "Type the message   Enter: send   Esc: drop it",
    "ui/menu_hint": "Press {keys} or click; Esc closes",
    "ui/decision_hint": "Press {keys} (or free the mouse and click) to decide",
    "ui/typing_hint": "Type, then Enter. Esc goes back to the options.",
    "ui/message_row": "Message {role} by radio",
    "ui/message_title": "Radio message to {role}",
    "ui/talk_row": "Speak to {role}",
    "ui/talk_title": "Say to {role}",
    "ui/message_prompt": "Type the message and press Enter:",
    "ui/message_hint": "Type, then Enter sends it. Esc drops it.",
    "ui/message_empty": "Type something to send first",
    "ui/message_sent": "Sent to {role}",
    "ui/decision_hint_xr": "Point at an option and pull the trigger",
    "ui/menu_hint_xr": "Point at a row and pull the trigger",
    "ui/document_hint_xr": "Grip again to put it down",
    "ui/briefing_hint_xr": "Menu button closes",
    "ui/document_hint": "Esc or F closes",
    "ui/briefing_hint": "Tab closes",
    "ui/time_left": "Time left: {time}",
    "ui/recall_key": "[Q] Decide now",
    "ui/recall_key_xr": "Menu button: decide now",
    "ui/rationale_prompt": "Why? Type your reason and press Enter:",
    "ui/rationale_optional": "Why? (optional) Type your reason and press Enter:",
    "ui/rationale_prompt_xr": "Why? Type your reason: point at a key and pull the trigger; "
                              "then Done.",
    "ui/rationale_optional_xr": "Why? (optional) Point at the keys to type a reason; then Done.",
    "ui/key/space": "space",
    "ui/key/backspace": "delete",
    "ui/key/done": "Done",
    "ui/rationale_needed": "Type a reason first, then press Enter.",
    "ui/rationale_needed_xr": "Type a reason first, then Done.",
    "ui/paused": "PAUSED - press P to continue",
    "ui/briefing": "Briefing and objectives",
    "ui/your_role": "Your role",
    "ui/objectives": "Objectives",
    "ui/objective": "-  {text}",
    "ui/radio_title": "Radio and phone",
    "ui/no_calls": "No calls or messages to make right now",
    "ui/message/radio": "RADIO - {sender}",
    "ui/message/face_to_face": "{sender} says",
    "ui/thermal": "THERMAL CAMERA  {value} {unit}",
    "ui/thermal_scale": "{low} {unit} - {high} {unit}",
    "ui/refused": "Not possible now: {action}",
    "ui/refused/already_done": "Already done: {action}",
    "ui/refused/wrong_role": "Not your role's task: {action}",
    "ui/refused/not_available": "Not possible yet: {action}",
    "ui/refused/ended": "The exercise has ended: {action}",
    "ui/refused/rationale_required": "A reason is needed: {action}",
    "ui/refused/not_open": "That decision is no longer open: {action}",
    "ui/ended/success": "EXERCISE COMPLETE",
    "ui/ended/failure": "EXERCISE FAILED",
    "ui/ended/timeout": "TIME IS UP",
    "ui/card_header": "{delivery}  ·  {sender} ({agency})",
    "ui/delivery/radio": "RADIO",
    "ui/delivery/phone": "PHONE",
    "ui/delivery/video_call": "VIDEO CALL",
    "ui/delivery/message": "MESSAGE",
    "ui/delivery/email": "EMAIL",
    "ui/delivery/in_world": "ON SCENE",
    "ui/delivery/face_to_face": "IN PERSON",
    "ui/delivery/document": "DOCUMENT",
    "ui/done": "Done",
    "ui/done_card": "Done: {action}",
    "ui/decided": "Decided: {option}",
    "ui/timed_out": "Time ran out: {prompt}",
    "ui/timed_out_default": "Time ran out: {prompt} Taken by default: {option}",
    "ui/frame_time": "{ms} ms a frame ({fps} fps)",
    "ui/answer/agreed": "Understood, we will do it.",
    "ui/answer/already_done": "That has already been done.",
    "ui/answer/not_available": "We cannot do that yet.",
    "ui/answer/wrong_role": "That is not ours to do.",
    "ui/asked": "{partner} asks you: {action}",
    "ui/answer_header": "{delivery}  ·  {sender}",
    "ui/done_for_you": "{partner} has done it: {action}",
    "ui/refused/engine_plays_role": "Another role's task: {action}",
    "ui/agency/customs": "Customs",
    "ui/agency/police": "Police",
    "ui/agency/fire_service": "Fire service",
    "ui/agency/regulator": "Regulator",
    "ui/agency/brand_owner": "Brand owner",
    "ui/agency/prosecutor": "Prosecutor",
    "ui/agency/media": "Media",
    "ui/agency/port_authority": "Port authority",
    "ui/agency/shipping_line": "Shipping line",
    "ui/agency/platform": "Online platform",
    "ui/agency/health_inspector": "Health inspector",
    "ui/agency/airline": "Airline",
    "ui/agency/cargo_handler": "Cargo handler",
    "ui/agency/postal_operator": "Postal operator",
    "ui/agency/health_regulator": "Health regulator",
    "ui/agency/communications": "Communications",
    "ui/agency/other": "Other agency",
}


class Texts:
    """Looks up a string by id; a missing id shows as itself, so a gap is visible, not blank."""

    def __init__(self, scenario: Scenario, ui: Mapping[str, str] = UI_EN) -> None:
        self.scenario = scenario
        self.table: dict[str, str] = {**string_table(scenario), **ui}
        self.units = {v.id: v.unit for v in scenario.variables}

    def __call__(self, string: str, **fields: object) -> str:
        found = self.table.get(string, string)
        return _fields(found, fields) if fields else found

    def line(self, line: Line) -> str:
        """A ``Line`` in words: its arguments (lines themselves, or words and numbers) and
        the live scenario values it carries filled in."""
        if line.values:
            return self.filled(line.id, dict(line.values))
        if not line.args:
            return self.table.get(line.id, line.id)
        fields = {name: self.line(value) if isinstance(value, Line) else value
                  for name, value in line.args}
        return _fields(self.table.get(line.id, line.id), fields)

    def key(self, key: str) -> str:
        """A scenario string by its key within the scenario, e.g. ``role/x/name``."""
        return self(string_id(self.scenario.id, key))

    def value(self, variable: VariableView) -> str:
        """A shown variable's value in words: yes/no, a zone's name for a zone id, a number."""
        return self.formatted(variable.value, variable.unit, variable.id)

    def formatted(self, value: Value, unit: str | None, variable: str = "") -> str:
        if isinstance(value, bool):
            return self("ui/yes" if value else "ui/no")
        if isinstance(value, float):
            text = f"{value:.1f}"
        elif isinstance(value, str):
            named = string_id(self.scenario.id, f"variable/{variable}/value/{value}")
            zone = string_id(self.scenario.id, f"zone/{value}/name")
            text = self.table.get(named) or self.table.get(zone, value.replace("_", " "))
        else:
            text = str(value)
        return f"{text} {unit}" if unit else text

    def filled(self, string: str, values: Mapping[str, Value] | None) -> str:
        """A message with the live values its event carries, each in words as the status
        plate shows it; a name with no value stays as written, so a gap is visible."""

        def shown(name: str) -> str | None:
            if values is None or name not in values:
                return None
            return self.formatted(values[name], self.units.get(name), name)

        return fill(self(string), shown)


def partner_card(texts: Texts, kind: str, data: Mapping[str, object], role: str,
                 ) -> tuple[str, str] | None:
    """The card (header, body) ``role`` reads when a partner answers them, asks them for
    something, or has done what they asked; None for any other event."""
    action = str(data.get("action", ""))
    label = texts.key(f"action/{action}/label")
    if kind == "answered" and data.get("to") == role:
        partner = str(data["partner"])
        key = f"{texts.scenario.id}/role/{partner}/on_request/{action}"
        values = data.get("values")
        shown = values if isinstance(values, Mapping) else None
        if data.get("answer") == "agreed":
            words = texts.filled(f"{key}/answer", shown) if f"{key}/answer" in texts.table \
                else texts("ui/answer/agreed")
        elif "refusal" in data:
            words = texts.filled(f"{key}/refusal/{data['refusal']}/reason", shown)
        else:
            words = texts(f"ui/answer/{data.get('reason')}")
        via = texts(f"ui/delivery/{data.get('via')}")
        return f"{via}  ·  {texts.key(f'role/{partner}/name')}", words
    if kind == "asked" and data.get("partner") == role:
        asker = texts.key(f"role/{data['role']}/name")
        return texts("ui/asked", partner=asker, action=label), ""
    if kind == "performed" and data.get("asked_by") == role and data.get("role") != role:
        partner = texts.key(f"role/{data['role']}/name")
        return texts("ui/done_for_you", partner=partner, action=label), ""
    return None


def _fields(template: str, fields: Mapping[str, object]) -> str:
    """``template`` with its ``{name}`` fields filled; a name it is not given stays as
    written, so a gap is visible; nothing in it is evaluated."""
    return fill(template, lambda name: str(fields[name]) if name in fields else None)
