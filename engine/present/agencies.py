"""Each agency's colour: the name tag over a figure and the kit (vest, tabard) it wears.

Linear RGB, as Panda3D's materials take them. The people models are generated with these
colours, and the scene tints a figure's ``vest`` material with its role's agency colour, so
a figure reads the same in a preview and in play.
"""

from __future__ import annotations

Colour = tuple[float, float, float]

AGENCY_COLOURS: dict[str, Colour] = {
    "customs": (0.12, 0.3, 0.85),
    "police": (0.85, 0.95, 0.1),
    "fire_service": (0.85, 0.12, 0.08),
    "port_authority": (1.0, 0.5, 0.05),
    "brand_owner": (0.55, 0.2, 0.8),
    "regulator": (0.1, 0.65, 0.35),
    "prosecutor": (0.3, 0.3, 0.35),
    "media": (0.8, 0.08, 0.55),
    "shipping_line": (0.03, 0.5, 0.55),
    "platform": (0.55, 0.35, 0.15),
    "health_inspector": (0.3, 0.85, 0.6),
    "airline": (0.25, 0.7, 1.0),
    "cargo_handler": (1.0, 0.25, 0.02),
    "postal_operator": (0.95, 0.75, 0.0),
    "health_regulator": (0.02, 0.75, 0.75),
    "communications": (1.0, 0.55, 0.75),
    "other": (0.6, 0.6, 0.6),
}
UNKNOWN_AGENCY: Colour = AGENCY_COLOURS["other"]


def agency_colour(agency: str) -> Colour:
    return AGENCY_COLOURS.get(agency, UNKNOWN_AGENCY)
