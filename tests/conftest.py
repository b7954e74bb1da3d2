from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONTAINER = ROOT / "scenarios" / "container-search"


@pytest.fixture(scope="session")
def container():  # type: ignore[no-untyped-def]
    from engine.scenario.loader import load_scenario

    return load_scenario(CONTAINER / "scenario.yaml")
