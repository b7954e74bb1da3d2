"""The generated 3D assets: they load through panda3d-gltf, have sane sizes and
orientation, expose the nodes and materials the engine relies on, render under
simplepbr, and are reproduced byte for byte by tools/make_assets.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("panda3d", reason="panda3d is not installed")
pytest.importorskip("gltf", reason="panda3d-gltf is not installed")

from panda3d.core import Filename, NodePath, PNMImage  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
MODELS = ROOT / "assets" / "models"

# name: ((min x, y, z extents), (max x, y, z extents)) in metres, triangle budget
EXPECTED: dict[str, tuple[tuple[float, float, float], tuple[float, float, float], int]] = {
    "port_yard": (
        (119.0, 79.0, 19.0),
        (161.0, 125.0, 24.0),
        30000,
    ),  # with the water beyond the quay
    "container_40ft": ((2.43, 12.19, 2.58), (2.70, 12.40, 2.60), 5000),
    "pallet": ((1.19, 0.79, 0.14), (1.21, 0.81, 0.15), 5000),
    "battery_carton_genuine": ((0.39, 0.25, 0.21), (0.41, 0.27, 0.23), 5000),
    "battery_carton_counterfeit": ((0.39, 0.25, 0.21), (0.41, 0.27, 0.23), 5000),
    "pallet_load_counterfeit": ((1.19, 0.77, 1.2), (1.25, 0.85, 1.3), 5000),
    "container_cargo": ((1.69, 10.9, 1.2), (1.75, 11.05, 1.3), 15000),  # inside the container
    "ebike_battery": ((0.08, 0.35, 0.09), (0.12, 0.40, 0.12), 5000),
    "ppe_kit": ((1.4, 0.6, 1.7), (1.9, 1.0, 2.2), 5000),
    "fire_engine": ((2.4, 7.8, 3.0), (3.3, 8.6, 3.6), 5000),
    "inspection_robot": ((0.5, 0.7, 0.6), (0.9, 1.2, 1.0), 5000),
    "thermal_camera": ((0.08, 0.2, 0.2), (0.15, 0.3, 0.3), 5000),
    "barrier": ((1.9, 0.5, 1.1), (2.2, 0.8, 1.4), 5000),
    "figure": ((0.4, 0.2, 1.72), (0.7, 0.4, 1.78), 5000),
    "clipboard": ((0.24, 0.32, 0.02), (0.27, 0.35, 0.04), 5000),
}


@pytest.fixture(scope="session")
def base(showbase):  # type: ignore[no-untyped-def]
    """The render suite's one offscreen ShowBase (a process can only have one)."""
    return showbase


def load(base, name: str) -> NodePath:
    return base.loader.loadModel(Filename.fromOsSpecific(str(MODELS / f"{name}.glb")), noCache=True)


def triangles(model: NodePath) -> int:
    total = 0
    for gnp in model.findAllMatches("**/+GeomNode"):
        for geom in gnp.node().getGeoms():
            total += geom.decompose().getNumPrimitives()
    return total


def extents(model: NodePath) -> tuple[float, float, float]:
    lo, hi = model.getTightBounds()
    size = hi - lo
    return size.x, size.y, size.z


def test_every_model_is_committed():
    assert sorted(p.stem for p in MODELS.glob("*.glb")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_model_loads_with_sane_bounds(base, name):
    model = load(base, name)
    lo_ext, hi_ext, budget = EXPECTED[name]
    size = extents(model)
    for axis, value, lo, hi in zip("xyz", size, lo_ext, hi_ext, strict=True):
        assert lo <= value <= hi, f"{name}: {axis} extent {value:.3f} m outside [{lo}, {hi}]"
    # everything stands on the ground (the yard's quay wall and water go below it), the stowed
    # cargo on the container's floor
    floor = {"port_yard": None, "container_cargo": 0.16}.get(name, 0.0)
    if floor is not None:
        low = model.getTightBounds()[0].z
        assert abs(low - floor) < 0.01, f"{name} stands at z = {low:.3f}, not {floor}"
    assert 0 < triangles(model) <= budget


def test_the_stowed_cargo_fits_inside_the_container(base):
    inside = load(base, "container_40ft").find("**/container_40ft").getTightBounds()
    cargo_lo, cargo_hi = load(base, "container_cargo").getTightBounds()
    body_lo, body_hi = inside
    assert body_lo.x + 0.1 < cargo_lo.x and cargo_hi.x < body_hi.x - 0.1
    assert body_lo.y + 0.5 < cargo_lo.y and cargo_hi.y < body_hi.y - 0.1  # a gap by the doors
    assert cargo_hi.z < body_hi.z - 0.5


def test_container_doors_are_hinged_leaves(base):
    container = load(base, "container_40ft")
    left, right = container.find("**/door_left"), container.find("**/door_right")
    assert not left.isEmpty() and not right.isEmpty()
    # the leaves sit at the -Y end, their origins on the hinges at the side walls
    for door, side in ((left, -1), (right, 1)):
        pos = door.getPos(container)
        assert pos.y < -6.0
        assert side * pos.x > 1.2
    # opening swings each leaf outwards, away from the container
    left.setH(-90)
    right.setH(90)
    for door in (left, right):
        lo, hi = door.getTightBounds(container)
        assert hi.y < -6.05 and lo.y < -7.0
    # fully open (270 degrees) the leaves fold back along the outside of the side walls
    left.setH(-270)
    right.setH(270)
    assert left.getTightBounds(container)[1].x < -1.2
    assert right.getTightBounds(container)[0].x > 1.2


def test_figure_is_upright_with_a_vest_material(base):
    figure = load(base, "figure")
    lo, hi = figure.getTightBounds()
    assert 1.72 <= hi.z - lo.z <= 1.78
    assert hi.z - lo.z > 2.5 * max(hi.x - lo.x, hi.y - lo.y)
    names = {m.getName() for m in figure.findAllMaterials()}
    assert "vest" in names


def test_counterfeit_carton_texture_differs(base):
    images = []
    for name in ("battery_carton_genuine", "battery_carton_counterfeit"):
        textures = load(base, name).findAllTextures()
        assert textures.getNumTextures() == 1
        tex = textures.getTexture(0)
        assert tex.getXSize() >= 1024
        images.append(bytes(tex.getRamImage()))
    assert images[0] != images[1]


def test_preview_renders_models_lit_under_simplepbr(base, tmp_path):
    """tools/preview_assets.py renders in its own process (its ShowBase and simplepbr
    pipeline must not leak into other render tests)."""
    pytest.importorskip("simplepbr", reason="panda3d-simplepbr is not installed")
    names = ["battery_carton_genuine", "battery_carton_counterfeit"]
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "preview_assets.py"),
            *names,
            "--no-scene",
            "--out",
            str(tmp_path),
        ],
        check=True,
        timeout=120,
        capture_output=True,
    )
    pixels = []
    for name in names:
        img = PNMImage(Filename.fromOsSpecific(str(tmp_path / f"{name}.png")))
        w, h = img.getXSize(), img.getYSize()
        centre = img.getXel(w // 2, h // 2)
        assert centre != img.getXel(2, 2)  # the carton fills the middle of the frame
        assert 0.1 < max(centre) < 1.0  # lit, neither black nor blown out
        pixels.append([tuple(img.getXel(x, y)) for x in range(0, w, 8) for y in range(0, h, 8)])
    assert pixels[0] != pixels[1]  # the two cartons look different


def test_generator_reproduces_committed_files(tmp_path):
    out = tmp_path / "models"
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "make_assets.py"), "--out", str(out), "-q"],
        check=True,
        timeout=120,
    )
    differ = [
        p.name
        for p in sorted(MODELS.glob("*.glb"))
        if (out / p.name).read_bytes() != p.read_bytes()
    ]
    assert not differ, (
        f"tools/make_assets.py no longer reproduces {differ}: re-run it and commit the result "
        "(glyph rasterisation depends on the Pillow/FreeType version, see assets/PROVENANCE.md)"
    )
