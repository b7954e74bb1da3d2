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
    # environments: a whole place each
    "env_operations_room": ((16.0, 12.0, 2.9), (16.6, 12.6, 3.1), 30000),
    "env_press_office": ((14.0, 10.0, 2.9), (14.6, 10.6, 3.1), 30000),
    "env_warehouse_unit": ((39.5, 37.5, 7.0), (40.5, 38.5, 7.5), 30000),
    "env_sorting_hall": ((40.0, 24.0, 7.9), (40.6, 31.0, 8.1), 40000),
    # people in their working kit, and a crowd
    "figure_customs": ((0.4, 0.2, 1.74), (0.7, 0.4, 1.80), 5000),
    "figure_police": ((0.4, 0.2, 1.74), (0.7, 0.4, 1.80), 5000),
    "figure_fire": ((0.4, 0.2, 1.78), (0.7, 0.4, 1.86), 5000),
    "figure_inspector": ((0.4, 0.4, 1.78), (0.7, 0.7, 1.86), 5000),
    "figure_civilian": ((0.4, 0.2, 1.72), (0.7, 0.4, 1.78), 5000),
    "figure_worker": ((0.4, 0.2, 1.72), (0.7, 0.4, 1.78), 5000),
    "figure_journalist": ((0.4, 0.4, 1.72), (0.7, 0.7, 1.78), 5000),
    "crowd_group": ((2.8, 1.5, 1.75), (4.0, 2.5, 1.95), 40000),
    # furniture
    "table_meeting": ((3.9, 1.35, 0.74), (4.1, 1.45, 0.78), 5000),
    "desk": ((1.35, 0.65, 0.72), (1.45, 0.75, 0.76), 5000),
    "chair": ((0.5, 0.5, 0.95), (0.7, 0.7, 1.1), 5000),
    "shelf_unit": ((1.75, 0.45, 1.95), (1.85, 0.55, 2.05), 5000),
    "map_wall": ((3.0, 0.5, 2.3), (3.2, 0.7, 2.5), 5000),
    "screen_wall": ((2.3, 0.6, 2.2), (2.6, 0.8, 2.4), 5000),
    "lectern": ((0.55, 0.4, 1.1), (0.75, 0.6, 1.4), 5000),
    "workbench": ((1.75, 0.75, 1.4), (1.85, 0.85, 1.6), 5000),
    "conveyor": ((2.9, 0.75, 0.85), (3.1, 0.85, 0.95), 5000),
    "roll_cage": ((0.7, 0.75, 1.65), (0.8, 0.9, 1.75), 5000),
    "phone": ((0.18, 0.15, 0.08), (0.3, 0.25, 0.14), 5000),
    "laptop": ((0.3, 0.2, 0.2), (0.4, 0.3, 0.28), 5000),
    # generic goods, with label surfaces for the scenario's text
    "parcel_small": ((0.24, 0.17, 0.11), (0.26, 0.19, 0.13), 5000),
    "parcel_medium": ((0.39, 0.29, 0.24), (0.41, 0.31, 0.26), 5000),
    "parcel_large": ((0.59, 0.44, 0.39), (0.61, 0.46, 0.41), 5000),
    "carton_generic": ((0.39, 0.25, 0.21), (0.41, 0.27, 0.23), 5000),
    "pallet_generic": ((1.19, 0.77, 1.2), (1.25, 0.85, 1.3), 5000),
    "medicine_pack": ((0.11, 0.06, 0.025), (0.13, 0.08, 0.035), 5000),
    "battery_pack_generic": ((0.08, 0.35, 0.09), (0.12, 0.40, 0.12), 5000),
    "charger": ((0.3, 0.1, 0.03), (0.8, 0.4, 0.06), 5000),
    "lead_card": ((0.14, 0.1, 0.0), (0.16, 0.13, 0.01), 5000),
    # equipment and vehicles
    "spectrometer": ((0.07, 0.2, 0.04), (0.11, 0.4, 0.07), 5000),
    "camera": ((0.13, 0.1, 0.1), (0.22, 0.22, 0.14), 5000),
    "police_car": ((1.7, 4.6, 1.5), (2.0, 4.9, 1.7), 5000),
    "van": ((1.9, 5.2, 2.3), (2.2, 5.6, 2.6), 5000),
}
LABELLED = {  # model: its label surfaces (where a scenario's text is drawn)
    "parcel_small": {"label"}, "parcel_medium": {"label"}, "parcel_large": {"label"},
    "carton_generic": {"label", "label_end"}, "pallet_generic": {"label", "label_end"},
    "container_cargo": {"label", "label_end"}, "medicine_pack": {"label", "label_end"},
    "battery_pack_generic": {"label"}, "charger": {"label"}, "lead_card": {"label"},
    "van": {"label"},
}
PEOPLE = ["figure_customs", "figure_police", "figure_fire", "figure_inspector", "figure_civilian",
          "figure_worker", "figure_journalist"]
ENVIRONMENTS = [name for name in EXPECTED if name.startswith("env_")]


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


def test_every_model_is_in_the_library_page_and_its_provenance():
    page = (ROOT / "docs" / "models.md").read_text(encoding="utf-8")
    provenance = (ROOT / "assets" / "PROVENANCE.md").read_text(encoding="utf-8")
    for name in EXPECTED:
        assert f"`{name}`" in page, f"{name} is missing from docs/models.md"
        assert f"{name}.glb" in provenance, f"{name} has no provenance row"


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


@pytest.mark.parametrize("name", PEOPLE)
def test_people_stand_upright_in_the_kit_of_their_agency(base, name):
    from engine.present.agencies import AGENCY_COLOURS

    figure = load(base, name)
    lo, hi = figure.getTightBounds()
    assert hi.z - lo.z > 2.5 * max(hi.x - lo.x, hi.y - lo.y) * 0.85
    vests = [m for m in figure.findAllMaterials() if m.getName() == "vest"]
    kit = {"figure_customs": "customs", "figure_police": "police",
           "figure_worker": "cargo_handler"}
    if name in kit:  # generated in the agency's own colour, which the scene re-tints per role
        colour = vests[0].getBaseColor()
        assert tuple(round(c, 3) for c in colour)[:3] == pytest.approx(AGENCY_COLOURS[kit[name]],
                                                                       abs=0.002)
    has_vest = name not in ("figure_fire", "figure_civilian", "figure_journalist")
    assert bool(vests) == has_vest


@pytest.mark.parametrize("name", ENVIRONMENTS)
def test_an_environment_is_a_few_draw_calls(base, name):
    model = load(base, name)
    model.flattenStrong()  # as the scene does with its static world
    geoms = sum(g.node().getNumGeoms() for g in model.findAllMatches("**/+GeomNode"))
    assert geoms <= 6, f"{name} draws in {geoms} batches; merge materials"


@pytest.mark.parametrize("name", ENVIRONMENTS)
def test_an_environment_names_the_floor_one_walks_on(base, name):
    model = load(base, name)
    floor = model.find("**/floor")
    assert not floor.isEmpty()
    lo, hi = floor.getTightBounds(model)
    whole_lo, whole_hi = model.getTightBounds()
    assert hi.z - lo.z < 0.05 and abs(lo.z) < 0.02  # flat, at ground level
    whole = (whole_hi.x - whole_lo.x) * (whole_hi.y - whole_lo.y)
    assert (hi.x - lo.x) * (hi.y - lo.y) > 0.5 * whole


def test_environments_read_as_lit_rooms_from_eye_height(tmp_path):
    """Each environment seen from where a trainee walks in: lit, neither black nor blown out,
    with the variety of a furnished place (tools/preview_assets.py, its own process)."""
    pytest.importorskip("simplepbr", reason="panda3d-simplepbr is not installed")
    subprocess.run([sys.executable, str(ROOT / "tools" / "preview_assets.py"), *ENVIRONMENTS,
                    "--no-scene", "--out", str(tmp_path)],
                   check=True, timeout=240, capture_output=True)
    for name in ENVIRONMENTS:
        for view in sorted(tmp_path.glob(f"{name}_eye*.png")):
            img = PNMImage(Filename.fromOsSpecific(str(view)))
            w, h = img.getXSize(), img.getYSize()
            pixels = [img.getXel(x, y) for x in range(0, w, 8) for y in range(0, h, 8)]
            brightness = sum(sum(p) / 3 for p in pixels) / len(pixels)
            assert 0.25 < brightness < 0.85, (view.name, brightness)
            colours = {tuple(int(c * 8) for c in p) for p in pixels}
            assert len(colours) > 25, (view.name, len(colours))
        assert len(list(tmp_path.glob(f"{name}_eye*.png"))) == 2


@pytest.mark.parametrize("name", sorted(LABELLED))
def test_generic_goods_offer_label_surfaces_that_take_a_whole_texture(base, name):
    from panda3d.core import GeomVertexReader

    from engine.present.panda.labels import label_surfaces, texcoord_column

    model = load(base, name)
    surfaces = label_surfaces(model)
    assert set(surfaces) == LABELLED[name]
    for surface in surfaces.values():
        us, vs = [], []
        own = [surface] if surface.node().isGeomNode() else []
        for geom_np in [*own, *surface.findAllMatches("**/+GeomNode")]:
            for geom in geom_np.node().getGeoms():
                column = texcoord_column(geom.getVertexData())
                assert column is not None
                reader = GeomVertexReader(geom.getVertexData(), column)
                while not reader.isAtEnd():
                    uv = reader.getData2()
                    us.append(uv.x)
                    vs.append(uv.y)
        assert us and min(us) == pytest.approx(0, abs=1e-4) and max(us) == pytest.approx(1)
        assert min(vs) == pytest.approx(0, abs=1e-4) and max(vs) == pytest.approx(1)


def test_a_model_only_panda3d_reads_that_will_not_load_is_run004(base, tmp_path):
    from engine.present.base import PresenterError
    from engine.present.panda.glb import load_model

    broken = tmp_path / "crate.bam"
    broken.write_bytes(b"pbj\0\n\r not a bam file")
    with pytest.raises(PresenterError) as caught:
        load_model(base, broken)
    assert caught.value.code == "RUN004" and "crate.bam" in caught.value.message
    assert caught.value.hint


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
        [sys.executable, str(ROOT / "tools" / "make_assets.py"), "--out", str(out), "-q",
         "-j", "2"],
        check=True,
        timeout=300,
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
