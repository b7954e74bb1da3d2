"""Every agency a role can belong to has a colour of its own for its name tag and kit."""

from __future__ import annotations

import itertools
import math
from typing import get_args

from engine.present.agencies import AGENCY_COLOURS, agency_colour
from engine.scenario.schema import Agency

NEW_AGENCIES = {"airline", "cargo_handler", "postal_operator", "health_regulator",
                "communications"}


def test_every_agency_has_a_colour() -> None:
    assert set(get_args(Agency)) | NEW_AGENCIES <= set(AGENCY_COLOURS)


def test_no_two_agencies_share_a_colour() -> None:
    for (a, ca), (b, cb) in itertools.combinations(AGENCY_COLOURS.items(), 2):
        assert math.dist(ca, cb) > 0.15, f"{a} and {b} look alike"


def test_an_unknown_agency_is_shown_grey() -> None:
    assert agency_colour("customs") == AGENCY_COLOURS["customs"]
    assert agency_colour("not_an_agency") == AGENCY_COLOURS["other"]
