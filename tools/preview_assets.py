#!/usr/bin/env python3
"""Render previews of the generated assets offscreen with panda3d-simplepbr.

    python tools/preview_assets.py               # every model + the composed yard scene
    python tools/preview_assets.py figure barrier --no-scene
    python tools/preview_assets.py --scene-only
    python tools/preview_assets.py --out /tmp/previews
    python tools/preview_assets.py path/to/my_model.glb --no-scene   # a model of your own

Writes out/previews/<model>.png (640x480, 3/4 view framing the model's bounds)
and out/previews/yard_scene.png (1280x720, the first scenario's inspection
yard).  Needs no GPU or display: Panda3D renders with Mesa llvmpipe through
p3headlessgl.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

from panda3d.core import (
    AmbientLight,
    CardMaker,
    DirectionalLight,
    Filename,
    LColor,
    LPoint3,
    NodePath,
    PerspectiveLens,
    loadPrcFileData,
)

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "assets" / "models"
OUT = ROOT / "out" / "previews"

# camera azimuth (degrees from +Y towards +X; models face +Y), elevation, distance factor
VIEWS: dict[str, tuple[float, float, float]] = {
    "port_yard": (205.0, 32.0, 0.72),
    "container_40ft": (218.0, 16.0, 0.95),
    "pallet": (35.0, 30.0, 1.0),
    "battery_carton_genuine": (28.0, 22.0, 1.0),
    "battery_carton_counterfeit": (28.0, 22.0, 1.0),
    "pallet_load_counterfeit": (32.0, 20.0, 1.0),
    "container_cargo": (200.0, 24.0, 0.85),
    "ebike_battery": (35.0, 28.0, 1.0),
    "ppe_kit": (25.0, 15.0, 1.0),
    "fire_engine": (40.0, 14.0, 1.0),
    "inspection_robot": (40.0, 22.0, 1.0),
    "thermal_camera": (215.0, 20.0, 1.0),
    "barrier": (30.0, 15.0, 1.0),
    "figure": (25.0, 8.0, 1.0),
    "clipboard": (200.0, 55.0, 0.8),
    "env_operations_room": (200.0, 55.0, 0.75),
    "env_press_office": (200.0, 55.0, 0.75),
    "env_warehouse_unit": (200.0, 40.0, 0.7),
    "env_sorting_hall": (200.0, 50.0, 0.7),
}

# what a trainee sees on entering each environment: (file suffix, eye, target) at eye height
EYE_VIEWS: dict[str, list[tuple[str, tuple[float, float, float], tuple[float, float, float]]]] = {
    "env_operations_room": [("_eye", (6.5, -5.0, 1.7), (-3.0, 3.0, 1.2)),
                            ("_eye2", (-5.5, 4.5, 1.7), (6.0, -2.0, 1.3))],
    "env_press_office": [("_eye", (0.5, -4.3, 1.7), (2.0, 4.0, 1.3)),
                         ("_eye2", (5.5, 3.5, 1.7), (-5.0, -3.0, 1.2))],
    "env_warehouse_unit": [("_eye", (9.0, -16.0, 1.7), (-1.0, -2.0, 2.5)),
                           ("_eye2", (4.0, 0.0, 1.7), (-6.0, 10.0, 1.5))],
    "env_sorting_hall": [("_eye", (18.0, -6.0, 1.7), (-2.0, 1.0, 1.5)),
                         ("_eye2", (-17.0, 8.0, 1.7), (10.0, -4.0, 1.0))],
}


def open_base(width: int, height: int, sky=(0.70, 0.78, 0.86)):
    loadPrcFileData(
        "",
        f"""
        load-display p3headlessgl
        window-type offscreen
        win-size {width} {height}
        audio-library-name null
        sync-video false
        gl-version 3 2
        notify-level-display error
        notify-level-glgsg error
    """,
    )
    import simplepbr
    from direct.showbase.ShowBase import ShowBase

    base = ShowBase()
    base.setBackgroundColor(*sky, 1)  # before simplepbr.init, which copies it to its buffer
    # Shadows segfault in the offscreen llvmpipe setup, so they stay off.
    base.pipeline = simplepbr.init(msaa_samples=4, enable_shadows=False, use_330=True, exposure=0.9)
    sun = DirectionalLight("sun")
    sun.setColor(LColor(2.6, 2.45, 2.2, 1))
    sun_np = base.render.attachNewNode(sun)
    sun_np.setHpr(-35, -50, 0)
    base.render.setLight(sun_np)
    fill = DirectionalLight("fill")
    fill.setColor(LColor(0.35, 0.4, 0.5, 1))
    fill_np = base.render.attachNewNode(fill)
    fill_np.setHpr(150, -25, 0)
    base.render.setLight(fill_np)
    amb = AmbientLight("ambient")
    amb.setColor(LColor(0.22, 0.24, 0.28, 1))
    base.render.setLight(base.render.attachNewNode(amb))
    return base


def model_path(name: str) -> Path:
    """A shipped model by name (``figure``), or any model file by its path (``my/crate.glb``)."""
    given = Path(name)
    return given.resolve() if given.suffix else MODELS / f"{name}.glb"


def load(base, name: str) -> NodePath:
    # panda3d-gltf registers itself as the loader for .glb files
    return base.loader.loadModel(Filename.fromOsSpecific(str(model_path(name))), noCache=True)


def snap(base, path: Path, frames: int = 3) -> None:
    for _ in range(frames):
        base.taskMgr.step()
    path.parent.mkdir(parents=True, exist_ok=True)
    base.win.saveScreenshot(Filename.fromOsSpecific(str(path)))


def frame_model(base, model: NodePath, az: float, el: float, dist_factor: float) -> None:
    lo, hi = model.getTightBounds()
    center = (lo + hi) * 0.5
    radius = (hi - lo).length() * 0.5
    lens: PerspectiveLens = base.camLens
    fov = min(lens.getHfov(), lens.getVfov())
    dist = radius / math.sin(math.radians(fov) / 2) * dist_factor
    a, e = math.radians(az), math.radians(el)
    offset = (math.sin(a) * math.cos(e), math.cos(a) * math.cos(e), math.sin(e))
    base.cam.setPos(center + LPoint3(*offset) * dist)
    base.cam.lookAt(center)
    lens.setNearFar(max(0.01, dist - radius * 2), dist + radius * 3)


def ground(base, size: float, z: float) -> NodePath:
    cm = CardMaker("ground")
    cm.setFrame(-size, size, -size, size)
    g = base.render.attachNewNode(cm.generate())
    g.setP(-90)
    g.setZ(z)
    g.setColor(0.52, 0.52, 0.5, 1)
    return g


def preview_models(
    base,
    names: list[str],
    out_dir: Path = OUT,
    view: tuple[float, float, float] | None = None,
    suffix: str = "",
) -> None:
    base.camLens.setFov(45)
    for name in names:
        model = load(base, name)
        model.reparentTo(base.render)
        lo, hi = model.getTightBounds()
        floor = None
        if name != "port_yard" and not name.startswith("env_"):
            floor = ground(base, (hi - lo).length() * 4, lo.z - 0.001)
        az, el, df = view or VIEWS.get(name, (30.0, 20.0, 1.0))
        frame_model(base, model, az, el, df)
        out = out_dir / f"{model_path(name).stem}{suffix}.png"
        snap(base, out)
        print(f"wrote {out}")
        for view_suffix, eye, target in EYE_VIEWS.get(name, []):
            base.camLens.setFov(60)
            base.camLens.setNearFar(0.2, 300)
            base.cam.setPos(*eye)
            base.cam.lookAt(LPoint3(*target))
            out = out_dir / f"{name}{view_suffix}{suffix}.png"
            snap(base, out)
            print(f"wrote {out}")
            base.camLens.setFov(45)
        model.removeNode()
        if floor is not None:
            floor.removeNode()


def place(base, name: str, x: float, y: float, z: float = 0.0, h: float = 0.0) -> NodePath:
    np_ = load(base, name)
    np_.reparentTo(base.render)
    np_.setPosHpr(x, y, z, h, 0, 0)
    return np_


def compose_yard(base) -> NodePath:
    """The first scenario's inspection scene, composed for a trainee's first look:
    the container opened in the inspection lane, a pallet of suspect cartons pulled
    out behind it and being examined (a genuine carton beside it for comparison),
    the robot, the cordon, the PPE station, and the fire engine standing by."""
    scene = base.render.attachNewNode("yard_scene")

    def put(name, x, y, h=0.0, z=0.0):
        node = load(base, name)
        node.reparentTo(scene)
        node.setPosHpr(x, y, z, h, 0, 0)
        return node

    put("port_yard", 0, 0)
    container = put("container_40ft", -1.0, -4.0, 8)
    container.find("**/door_left").setH(-260)  # the engine opens the doors to 260 degrees
    container.find("**/door_right").setH(260)
    put("pallet_load_counterfeit", 0.2, -12.2, 14)
    put("pallet", -2.6, -13.6, -10)
    put("battery_carton_counterfeit", -2.75, -13.7, -18, 0.144)
    put("battery_carton_genuine", -2.35, -13.35, 25, 0.144)
    put("ebike_battery", -2.2, -13.9, 80, 0.364)
    put("inspection_robot", 2.4, -14.4, 160)
    put("fire_engine", -17.0, 0.0, -125)
    for i in range(4):
        put("barrier", -11.5, -15.5 + i * 2.4, 90)
    put("barrier", -9.3, -18.8)
    put("ppe_kit", -8.0, -21.5, 200)
    put("thermal_camera", -7.6, -21.3, 200, 0.78)
    put("clipboard", -8.4, -21.4, 20, 0.78)
    put("figure", -1.2, -13.6, -55)  # examining the cartons
    put("figure", 3.6, -11.0, 130)  # watching the robot
    return scene


def preview_scene(base, out_dir: Path = OUT) -> None:
    base.camLens.setFov(60)
    compose_yard(base)
    base.camLens.setNearFar(0.3, 400)
    base.cam.setPos(8.0, -23.5, 1.75)  # a trainee's eye height, at the edge of the cordon
    base.cam.lookAt(LPoint3(-2.5, -10.5, 1.3))
    snap(base, out_dir / "yard_scene.png", frames=4)
    print(f"wrote {out_dir / 'yard_scene.png'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="*",
                        help="shipped models by name, or model files by path (default: all)")
    parser.add_argument("--view", help="override the camera: azimuth,elevation,distance-factor")
    parser.add_argument("--suffix", default="", help="append to preview file names")
    parser.add_argument("--out", type=Path, default=OUT, help=f"output directory (default {OUT})")
    parser.add_argument("--no-scene", action="store_true", help="skip yard_scene.png")
    parser.add_argument("--scene-only", action="store_true", help="only render yard_scene.png")
    args = parser.parse_args(argv)
    names = args.models or sorted(p.stem for p in MODELS.glob("*.glb"))
    if args.scene_only:
        base = open_base(1280, 720, sky=(0.42, 0.60, 0.84))
        preview_scene(base, args.out)
        return 0
    base = open_base(640, 480)
    view = tuple(float(v) for v in args.view.split(",")) if args.view else None
    preview_models(base, names, args.out, view, args.suffix)
    if not args.no_scene:
        # the scene needs a 1280x720 window: render it in a fresh process
        import subprocess

        return subprocess.call([sys.executable, __file__, "--scene-only", "--out", str(args.out)])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
