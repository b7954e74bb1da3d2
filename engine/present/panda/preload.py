"""Loading the scenario's models while the scenario is being checked.

Checking a scenario, and importing what checks and shows it, is Python work. Loading models is
mostly native work (reading files, building vertex data and textures), during which Panda3D
lets other Python threads run. So a thread does the Python work while the models the scenario
file names, from a quick read of the file, are loaded into Panda3D's model pool, where the
scene built afterwards finds them.

The quick read is only a hint: whatever it cannot use is skipped, and the checking on the
thread is what decides whether the scenario runs and reports every problem.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any, TypeVar

from engine.present.base import PresenterError
from engine.present.panda.glb import load_model
from engine.scenario.files import asset_roots, scenario_file
from engine.scenario.yamlfast import fast_data
from engine.scenario.yamlsource import MAX_BYTES, MAX_DEPTH, MAX_NODES

T = TypeVar("T")

_MODEL_SUFFIXES = (".glb", ".gltf", ".bam", ".egg")
_SWITCH_S = 0.001


def check_while_loading(base: Any, scenario: str | Path, check: Callable[[], T]) -> T:
    """Run ``check`` on a thread while ``base`` loads the models ``scenario`` names; its
    result, or the exception it raised, raised here."""
    outcome: list[tuple[bool, Any]] = []

    def run() -> None:
        try:
            outcome.append((True, check()))
        except BaseException as error:  # handed to the caller's thread
            outcome.append((False, error))

    paths = _named_models(scenario_file(scenario))
    if not paths:
        run()
    else:
        worker = threading.Thread(target=run, name="scenario-check", daemon=True)
        switching = sys.getswitchinterval()
        # Loading is many short native calls, each giving Python up to the worker and taking
        # it back: a short switch interval keeps each wait for it short.
        sys.setswitchinterval(_SWITCH_S)
        try:
            worker.start()
            for path in paths:  # into Panda3D's model pool, where the scene finds them
                with suppress(PresenterError):  # the scene reports it, after the checking
                    load_model(base, path)
            worker.join()
        finally:
            sys.setswitchinterval(switching)
    ok, value = outcome[0]
    if not ok:
        raise value
    result: T = value
    return result


def _named_models(path: Path) -> list[Path]:
    """The model files the scenario names, inside its asset roots, each once."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            return []
        data = fast_data(path.read_text(encoding="utf-8"), MAX_DEPTH, MAX_NODES)
    except (OSError, UnicodeDecodeError):
        return []
    if data is None:
        return []
    named: list[Any] = []
    place = data.get("place")
    if isinstance(place, dict):
        named.append(place.get("environment"))
    props = data.get("props")
    if isinstance(props, list):
        named += [prop.get("asset") for prop in props if isinstance(prop, dict)]
    roots = asset_roots(path)
    found: dict[Path, None] = {}
    for relative in named:
        if not isinstance(relative, str) or not relative.lower().endswith(_MODEL_SUFFIXES):
            continue
        for root in roots:
            candidate = root / relative
            if candidate.is_file() and candidate.resolve().is_relative_to(root.resolve()):
                found[candidate] = None
                break
    return list(found)
