"""Every word a presenter shows, by stable id: the scenario's strings plus the interface's own.

Interface strings have ids under ``ui/``; a translation replaces the table, never the code.
"""

from __future__ import annotations

from collections.abc import Mapping

from engine.core.view import VariableView
from engine.scenario.schema import Scenario
from engine.scenario.strings import string_id, string_table

UI_EN: Mapping[str, str] = {
    "ui/yes": "yes",
    "ui/no": "no",
    "ui/clock": "{elapsed} / {limit}",
    "ui/role": "You are: {role}",
    "ui/act_key": "[E] {action}",
    "ui/act_menu": "[E] Actions ({count})",
    "ui/read_key": "[F] Read: {title}",
    "ui/read": "Read: {title}",
    "ui/attached": "Attached: {title} (R to read it again)",
    "ui/radio_key": "[R] Radio and phone ({count})",
    "ui/menu_hint": "Press 1-{n} or click; Esc closes",
    "ui/decision_hint": "Press 1-{n} or click to decide",
    "ui/decision_hint_xr": "Point at an option and pull the trigger",
    "ui/menu_hint_xr": "Point at a row and pull the trigger",
    "ui/document_hint_xr": "Grip again to put it down",
    "ui/briefing_hint_xr": "Menu button closes",
    "ui/time_left": "Time left: {seconds} s",
    "ui/rationale_prompt": "Why? Type your reason and press Enter:",
    "ui/rationale_optional": "Why? (optional) Type your reason and press Enter:",
    "ui/rationale_xr": "Why? Type your reason: point at a key and pull the trigger; then Done.",
    "ui/rationale_xr_optional": "Why? (optional) Point at the keys to type a reason; then Done.",
    "ui/key/space": "space",
    "ui/key/backspace": "delete",
    "ui/key/done": "Done",
    "ui/rationale_needed": "Type a reason first, then Done.",
    "ui/paused": "PAUSED - press P to continue",
    "ui/briefing": "Briefing and objectives",
    "ui/objectives": "Objectives",
    "ui/briefing_hint": "Tab closes",
    "ui/actions_title": "{prop}",
    "ui/radio_title": "Radio and phone",
    "ui/document_hint": "Esc closes",
    "ui/capture_hint": "Click to look around (Esc releases the mouse) - Tab: briefing",
    "ui/thermal": "THERMAL CAMERA  {value}",
    "ui/thermal_scale": "{low} - {high}",
    "ui/refused": "Not possible now: {action}",
    "ui/refused/already_done": "Already done: {action}",
    "ui/refused/wrong_role": "Not your role's task: {action}",
    "ui/ended/success": "EXERCISE COMPLETE",
    "ui/ended/failure": "EXERCISE FAILED",
    "ui/ended/timeout": "TIME IS UP",
    "ui/delivery/radio": "RADIO",
    "ui/delivery/phone": "PHONE",
    "ui/delivery/video_call": "VIDEO CALL",
    "ui/delivery/message": "MESSAGE",
    "ui/delivery/email": "EMAIL",
    "ui/delivery/in_world": "ON SCENE",
    "ui/delivery/face_to_face": "IN PERSON",
    "ui/delivery/document": "DOCUMENT",
    "ui/done": "Done",
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

    def __call__(self, string: str, **fields: object) -> str:
        found = self.table.get(string, string)
        return found.format(**fields) if fields else found

    def key(self, key: str) -> str:
        """A scenario string by its key within the scenario, e.g. ``role/x/name``."""
        return self(string_id(self.scenario.id, key))

    def value(self, variable: VariableView) -> str:
        """A shown variable's value in words: yes/no, a zone's name for a zone id, a number."""
        value = variable.value
        if isinstance(value, bool):
            return self("ui/yes" if value else "ui/no")
        if isinstance(value, float):
            text = f"{value:.1f}"
        elif isinstance(value, str):
            named = string_id(self.scenario.id, f"variable/{variable.id}/value/{value}")
            zone = string_id(self.scenario.id, f"zone/{value}/name")
            text = self.table.get(named) or self.table.get(zone, value.replace("_", " "))
        else:
            text = str(value)
        return f"{text} {variable.unit}" if variable.unit else text


def clock(ms: int) -> str:
    seconds = max(0, ms) // 1000
    return f"{seconds // 60:d}:{seconds % 60:02d}"
