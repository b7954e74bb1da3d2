from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONTAINER = ROOT / "scenarios" / "container-search"


@pytest.fixture(scope="session", autouse=True)
def station_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One station folder (signing key, ledger) for the whole run, and for the processes the
    tests start, so no test reads or writes the real one."""
    home = tmp_path_factory.mktemp("station")
    before = os.environ.get("TASKFORCE_HOME")
    os.environ["TASKFORCE_HOME"] = str(home)
    yield home
    if before is None:
        os.environ.pop("TASKFORCE_HOME", None)
    else:
        os.environ["TASKFORCE_HOME"] = before


@pytest.fixture(scope="session")
def container():  # type: ignore[no-untyped-def]
    from engine.scenario.loader import load_scenario

    return load_scenario(CONTAINER / "scenario.yaml")


@pytest.fixture(scope="session", autouse=True)
def taskforce_home(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Every test's sessions keep their recorded versions in a temporary station folder
    (``TASKFORCE_HOME``), never in the user's own; subprocesses inherit it."""
    with pytest.MonkeyPatch.context() as patch:
        home = tmp_path_factory.mktemp("station")
        patch.setenv("TASKFORCE_HOME", str(home))
        yield home
