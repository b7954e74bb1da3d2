"""Every agency and every way an inject arrives has words a trainee reads, not a raw id."""

from __future__ import annotations

from typing import get_args

import pytest

from engine.present.texts import UI_EN
from engine.scenario.schema import Agency, Delivery


@pytest.mark.parametrize("agency", get_args(Agency))
def test_every_agency_has_a_name(agency: str) -> None:
    assert UI_EN[f"ui/agency/{agency}"].strip()


@pytest.mark.parametrize("delivery", get_args(Delivery))
def test_every_delivery_has_a_name(delivery: str) -> None:
    assert UI_EN[f"ui/delivery/{delivery}"].strip()


def test_the_workshop_agencies_are_there() -> None:
    wanted = {"airline", "cargo_handler", "postal_operator", "health_regulator",
              "communications", "prosecutor", "media"}
    assert wanted <= set(get_args(Agency))
