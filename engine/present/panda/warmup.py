"""Getting the renderer ready while the scenario is being checked.

Checking a scenario is Python work. Drawing the first frame is mostly native work (the OpenGL
driver compiling shaders and taking textures and vertex data), during which Panda3D lets other
Python threads run. So the models the scenario file names are loaded first, from a quick read
of the file, and drawn once into a small hidden buffer while a thread does the checking. The
window shows nothing of this, and the scene built afterwards takes the same models from
Panda3D's model pool with everything they need already on the graphics card.

The quick read is only a hint: whatever it cannot use is skipped, and the checking on the
thread is what decides whether the scenario runs and reports every problem.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from engine.present.base import PresenterError
from engine.present.panda.glb import load_model
from engine.scenario.files import asset_roots, scenario_file
from engine.scenario.yamlfast import fast_data
from engine.scenario.yamlsource import MAX_BYTES, MAX_DEPTH, MAX_NODES

T = TypeVar("T")

_MODEL_SUFFIXES = (".glb", ".gltf", ".bam", ".egg")
_BUFFER_SIZE = 256


def check_while_warming(base: Any, scenario: str | Path, check: Callable[[], T]) -> T:
    """Run ``check`` on a thread while the renderer gets ready for the models ``scenario``
    names; its result, or the exception it raised, raised here."""
    # Every model is loaded now, into Panda3D's model pool; the environment is drawn.
    models = [_load(base, path) for path in _named_models(scenario_file(scenario))]
    environment = models[0] if models else None
    outcome: list[tuple[bool, Any]] = []

    def run() -> None:
        try:
            outcome.append((True, check()))
        except BaseException as error:  # handed to the caller's thread
            outcome.append((False, error))

    worker = threading.Thread(target=run, name="scenario-check", daemon=True)
    if environment is None:
        run()
    else:
        _draw_once(base, environment, worker.start)
        worker.join()
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


def _load(base: Any, path: Path) -> Any:
    try:
        return load_model(base, path)
    except PresenterError:  # the scene reports it, after the checking
        return None


def _draw_once(base: Any, model: Any, meanwhile: Callable[[], None]) -> None:
    """Draw ``model`` into a hidden buffer that shares the window's graphics context, calling
    ``meanwhile`` just before the drawing, which leaves Python free for other threads."""
    from panda3d.core import Camera, NodePath, PerspectiveLens, Point3

    buffer = base.win.makeTextureBuffer("warm-up", _BUFFER_SIZE, _BUFFER_SIZE)
    if buffer is None:
        meanwhile()
        return
    holder = base.render.attachNewNode("warm-up")
    model.instanceTo(holder)
    lens = PerspectiveLens()
    lens.setFov(60)
    camera = holder.attachNewNode(Camera("warm-up", lens))
    bounds = holder.getBounds()
    if not bounds.isEmpty():
        centre, radius = bounds.getCenter(), max(bounds.getRadius(), 1.0)
        lens.setNearFar(0.1, radius * 5)
        camera.setPos(centre + Point3(0, -radius * 2, radius))
        camera.lookAt(centre)
    region = buffer.makeDisplayRegion()
    region.setCamera(camera)
    shown = base.win.isActive()
    base.win.setActive(False)
    try:
        meanwhile()
        base.taskMgr.step()
    finally:
        base.win.setActive(shown)
        region.setCamera(NodePath())
        base.graphicsEngine.removeWindow(buffer)
        holder.removeNode()
