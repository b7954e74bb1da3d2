"""The 3D world built from a scenario, and kept in step with each ``View`` of the core.

The environment and the zone markings never change, so they are flattened into a few
batches; each prop stays its own node (it moves, hides, opens or highlights).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from panda3d.core import (
    AmbientLight,
    CardMaker,
    DirectionalLight,
    Material,
    MaterialAttrib,
    NodePath,
)

from engine.core.view import HazardView, PropView, View
from engine.interact.status import AMBIENT_C, thermal_span
from engine.present.agencies import AGENCY_COLOURS
from engine.present.base import PresenterError
from engine.present.panda.crowds import CrowdNode
from engine.present.panda.effects import Smoke, ironbow, puff_texture
from engine.present.panda.glb import load_model
from engine.present.panda.labels import apply_label
from engine.present.panda.markings import Label, zone_markings
from engine.present.texts import Texts
from engine.scenario.files import asset_roots
from engine.scenario.loader import LoadedScenario

DOOR_OPEN_DEG = 260.0
DOOR_SPEED_DEG = 220.0
BODY_C = 33.0  # a clothed person on the thermal camera
PLAIN_CLOTHES = (0.28, 0.3, 0.33)


@dataclass
class PropNode:
    id: str
    node: Any
    bounds: tuple[Any, Any]
    doors: list[tuple[Any, float]] = field(default_factory=list)  # (node, sign)
    door_angle: float = 0.0
    tag: Any = None
    placed: Any = None  # (position, rotation) last applied; None while hidden
    look: Any = None  # the colouring last applied


class Scene:
    def __init__(self, base: Any, loaded: LoadedScenario, texts: Texts, font: Any) -> None:
        self.base, self.loaded, self.texts, self.font = base, loaded, texts, font
        self.roots = asset_roots(loaded.path)
        self.models: dict[Path, Any] = {}
        self.root = base.render.attachNewNode("scene")
        self.static = self.root.attachNewNode("static")
        self.props: dict[str, PropNode] = {}
        self.labels: list[Label] = []
        self.thermal = False
        self.focus: str | None = None
        self._labels_key: object = None
        self._labels: list[tuple[Label, float, float, float]] = []
        self.markings: Any = None
        self.thermal_span = (AMBIENT_C - 3.0, 60.0)
        self.thermal_materials: dict[tuple[float, ...], Any] = {}
        self.static_thermal = False
        self._light()
        self._environment()
        self._zones()
        for prop in loaded.scenario.props:
            self.props[prop.id] = self._prop(prop.id, prop.asset, prop.scale)
        self.crowds = {c.id: CrowdNode(self.root, c.id, self._member(c.asset))
                       for c in loaded.scenario.crowds}
        self.static.flattenStrong()
        puff = puff_texture()
        self.smoke = {h.id: Smoke(self.root, base.cam, puff) for h in loaded.scenario.hazards}

    # -- building ---------------------------------------------------------------------------

    def asset(self, relative: str) -> Any:
        path = next((r / relative for r in self.roots if (r / relative).is_file()), None)
        if path is None:
            raise PresenterError("RUN004", f"asset '{relative}' is missing",
                                 "generate the models: python tools/make_assets.py")
        if path not in self.models:
            self.models[path] = load_model(self.base, path)
        return self.models[path].copyTo(NodePath())

    def _light(self) -> None:
        sun = DirectionalLight("sun")
        sun.setColor((2.6, 2.45, 2.2, 1))
        sun_np = self.root.attachNewNode(sun)
        sun_np.setHpr(-35, -50, 0)
        fill = DirectionalLight("fill")
        fill.setColor((0.35, 0.4, 0.5, 1))
        fill_np = self.root.attachNewNode(fill)
        fill_np.setHpr(150, -25, 0)
        ambient = AmbientLight("ambient")
        ambient.setColor((0.25, 0.27, 0.3, 1))
        for light in (sun_np, fill_np, self.root.attachNewNode(ambient)):
            self.root.setLight(light)
        self.base.setBackgroundColor(0.70, 0.78, 0.86, 1)

    def _environment(self) -> None:
        place = self.loaded.scenario.place
        if place.environment is not None:
            self.asset(place.environment).reparentTo(self.static)
        if place.environment is None or place.ground:
            cm = CardMaker("ground")
            cm.setFrame(-150, 150, -150, 150)
            ground = self.static.attachNewNode(cm.generate())
            ground.setP(-90)
            ground.setZ(-0.03 if place.environment is not None else 0.0)  # under its own floor
            ground.setColor(0.5, 0.5, 0.48, 1)

    def _zones(self) -> None:
        self.markings, labels = zone_markings(self.root, self.loaded.scenario.place.zones)
        for zone, anchor, colour in labels:
            self.labels.append(Label(f"zone-{zone}", anchor, self.texts.key(f"zone/{zone}/name"),
                                     colour, 150.0))

    def _prop(self, prop_id: str, asset: str, scale: Any) -> PropNode:
        model = self.asset(asset)
        node = self.root.attachNewNode(f"prop-{prop_id}")
        model.reparentTo(node)
        if isinstance(scale, tuple):
            model.setScale(*scale)
        else:
            model.setScale(scale)
        doors = [(d, -1.0 if "left" in d.getName() else 1.0)
                 for d in model.findAllMatches("**/door_*")
                 if not d.getParent().getName().startswith("door_")]
        movable = [d for d, _ in doors]
        for door in movable:  # keep each leaf's own transform: it is the hinge
            for part in door.getChildren():
                part.flattenStrong()
        spec = next(p for p in self.loaded.scenario.props if p.id == prop_id)
        apply_label(model, spec, self.texts, self.roots)
        if spec.role is not None:
            self._tint_vest(model, spec.role)
        if not movable:
            model.flattenStrong()
        lo, hi = model.getTightBounds(node)
        prop = PropNode(prop_id, node, (lo, hi), doors)
        if spec.role is not None:
            prop.tag = self._name_tag(node, spec.role, hi.z)
        node.stash()
        return prop

    def _member(self, asset: str) -> Any:
        """A crowd member: the model, and a figure's vest as an everyday jacket."""
        model = self.asset(asset)
        tint_vest(model, PLAIN_CLOTHES)
        return model

    def _tint_vest(self, model: Any, role_id: str) -> None:
        role = next(r for r in self.loaded.scenario.roles if r.id == role_id)
        tint_vest(model, AGENCY_COLOURS.get(role.agency, (0.6, 0.6, 0.6)))

    def _name_tag(self, node: Any, role_id: str, height: float) -> Any:
        role = next(r for r in self.loaded.scenario.roles if r.id == role_id)
        r, g, b = AGENCY_COLOURS.get(role.agency, (0.6, 0.6, 0.6))
        name = self.texts.key(f"role/{role_id}/name")
        words = f"{name}\n{self.texts(f'ui/agency/{role.agency}')}"
        anchor = node.attachNewNode(f"tag-{role_id}")
        anchor.setPos(0, 0, height + 0.25)
        self.labels.append(Label(f"tag-{node.getName()}", anchor, words, (r, g, b), 45.0))
        return anchor

    # -- keeping in step with the view ------------------------------------------------------

    def apply(self, view: View, dt: float) -> None:
        shown = {p.id: p for p in view.props}
        for prop_id, prop in self.props.items():
            seen = shown.get(prop_id)
            placed = None if seen is None else (seen.position, seen.rotation)
            if placed != prop.placed:  # touch the graph only on change: it keeps cull cheap
                if seen is None:
                    prop.node.stash()
                else:
                    prop.node.unstash()
                    prop.node.setPosHpr(*seen.position, *seen.rotation)
                prop.placed = placed
            if seen is not None:
                self._doors(prop, seen, dt)
        for crowd in view.crowds:
            self.crowds[crowd.id].apply(crowd)
        for hazard in view.hazards:
            intensity = 0.0 if hazard.value < hazard.low else 0.3 + 0.7 * hazard.level
            self.smoke[hazard.id].update(hazard.position, intensity, dt)
        self._colours(view)

    def labels_on_screen(self) -> list[tuple[Label, float, float, float]]:
        """Name tags and zone names to draw flat on the HUD: (label, x, y, metres away),
        x and y in aspect2d units, for those in front of the camera and near enough. Worked
        out again only when the camera or a prop has moved."""
        camera = self.base.cam
        key = (tuple(camera.getMat(self.base.render).getRow3(r) for r in range(4)),
               tuple(p.placed for p in self.props.values()), self.thermal,
               self.base.getAspectRatio())
        if key != self._labels_key:
            self._labels_key, self._labels = key, self._find_labels()
        return self._labels

    def _find_labels(self) -> list[tuple[Label, float, float, float]]:
        from panda3d.core import Point2, Point3

        lens, camera = self.base.camLens, self.base.cam
        aspect = self.base.getAspectRatio()
        found = []
        for label in self.labels:
            if label.anchor.isStashed() or self.thermal:
                continue
            here = camera.getRelativePoint(label.anchor, Point3(0, 0, 0))
            distance = here.length()
            flat = Point2()
            if distance > label.reach or here.y <= 0.5 or not lens.project(here, flat):
                continue
            if self._hidden_behind(label, distance):
                continue
            found.append((label, flat.x * aspect, flat.y, distance))
        return found

    def _hidden_behind(self, label: Label, distance: float) -> bool:
        """Whether a prop stands between the camera and a label's anchor."""
        camera = self.base.cam
        for prop in self.props.values():
            if prop.node.isStashed() or label.anchor.getParent() == prop.node:
                continue
            origin = prop.node.getRelativePoint(camera, (0, 0, 0))
            towards = prop.node.getRelativePoint(label.anchor, (0, 0, 0)) - origin
            towards.normalize()
            hit = _ray_box(origin, towards, *prop.bounds, pad=0.0)
            if hit is not None and hit < distance - 0.5:
                return True
        return False

    def front(self, prop_id: str) -> tuple[tuple[float, float, float], float] | None:
        """For a prop with doors: the middle of its doorway and the bearing (radians) that
        points out of it, in the world; else None."""
        prop = self.props.get(prop_id)
        if prop is None or not prop.doors:
            return None
        render = self.base.render
        points = [door.getPos(render) for door, _ in prop.doors]
        middle = sum(points[1:], points[0]) / len(points)
        centre = prop.node.getPos(render)
        return ((middle.x, middle.y, 1.2),
                math.atan2(middle.y - centre.y, middle.x - centre.x))

    def radius(self, prop_id: str) -> float:
        lo, hi = self.props[prop_id].bounds
        return float((hi - lo).length() / 2)

    def _doors(self, prop: PropNode, seen: PropView, dt: float) -> None:
        if not prop.doors:
            return
        target = DOOR_OPEN_DEG if seen.open else 0.0
        if prop.door_angle == target:
            return
        step = DOOR_SPEED_DEG * dt
        prop.door_angle += max(-step, min(step, target - prop.door_angle))
        for door, sign in prop.doors:
            door.setH(sign * prop.door_angle)

    def _colours(self, view: View) -> None:
        heat = {h.prop: h for h in view.hazards if h.prop}
        self.thermal_span = thermal_span(view)  # the camera ranges itself, as its legend says
        low, high = self.thermal_span
        for prop_id, prop in self.props.items():
            if self.thermal:
                temperature = self._temperature(prop_id, heat, view)
                look: Any = ironbow((temperature - low) / (high - low))
                look = tuple(round(c, 2) for c in look)
            else:
                look = "focus" if prop_id == self.focus else "plain"
            if look == prop.look:
                continue
            prop.look = look
            prop.node.clearTexture()
            prop.node.clearMaterial()
            prop.node.clearColorScale()
            if isinstance(look, tuple):
                self._glow(prop.node, look)
            elif look == "focus":
                prop.node.setColorScale(1.35, 1.35, 1.05, 1)
        if self.thermal == self.static_thermal:
            return
        self.static_thermal = self.thermal
        crowds = [crowd.root for crowd in self.crowds.values()]
        if self.thermal:
            self._glow(self.static, ironbow(0.04))
            for root in crowds:  # people read warm on the camera
                self._glow(root, ironbow((BODY_C - low) / (high - low)))
            self.markings.hide()  # paint has no temperature of its own
            self.base.setBackgroundColor(0.02, 0.0, 0.08, 1)
        else:
            for node in (self.static, *crowds):
                node.clearTexture()
                node.clearMaterial()
            self.markings.show()
            self.base.setBackgroundColor(0.70, 0.78, 0.86, 1)

    def _glow(self, node: Any, colour: tuple[float, float, float]) -> None:
        """Thermal look: no texture, no reflected light, the temperature's colour emitted."""
        key = tuple(round(c, 2) for c in colour)
        material = self.thermal_materials.get(key)
        if material is None:
            material = Material("thermal")
            material.setBaseColor((key[0] * 0.6, key[1] * 0.6, key[2] * 0.6, 1))  # some shape
            material.setRoughness(1.0)
            material.setEmission((key[0] * 0.55, key[1] * 0.55, key[2] * 0.55, 1))
            self.thermal_materials[key] = material
        node.setTextureOff(20)
        node.setMaterial(material, 20)
        node.clearColorScale()

    def _temperature(self, prop_id: str, heat: dict[str, HazardView], view: View) -> float:
        """What the thermal camera reads on a prop: a hazard's own value, or its warmth
        seen through the walls of a prop standing over it."""
        if prop_id in heat:
            return heat[prop_id].value
        here = view.prop(prop_id)
        warmest = AMBIENT_C
        for hazard in heat.values():
            if here is None or hazard.position is None:
                continue
            distance = math.dist(here.position[:2], hazard.position[:2])
            if distance < 7.0 and hazard.prop not in {p.id for p in view.props}:
                warmest = max(warmest, AMBIENT_C + (hazard.value - AMBIENT_C) * 0.8)
        return warmest

    # -- looking ----------------------------------------------------------------------------

    def pick(self, camera: Any, candidates: set[str], reach: float = 14.0) -> str | None:
        """The candidate prop under the centre of the view, within reach (metres): the
        nearest, unless a smaller one lies inside it along the ray (a tablet on a table)."""
        hits: list[tuple[float, float, float, str]] = []  # enter, leave, volume, id
        for prop_id in candidates:
            prop = self.props.get(prop_id)
            if prop is None or prop.node.isStashed():
                continue
            origin = prop.node.getRelativePoint(camera, (0, 0, 0))
            direction = prop.node.getRelativeVector(camera, (0, 1, 0))
            span = _ray_span(origin, direction, *prop.bounds)
            if span is None or span[0] > reach:
                continue
            if span[0] == 0.0 and _ray_span(origin, direction, *prop.bounds, pad=0.0) is None:
                continue  # standing in its margin, looking away from it
            lo, hi = prop.bounds
            size = hi - lo
            hits.append((span[0], span[1], size.x * size.y * size.z, prop_id))
        if not hits:
            return None
        nearest = min(hits)
        inside = [h for h in hits if h[0] < nearest[1] and h[2] < nearest[2]]
        return min(inside, key=lambda h: h[2])[3] if inside else nearest[3]


def _ray_box(origin: Any, direction: Any, lo: Any, hi: Any, pad: float = 0.25) -> float | None:
    span = _ray_span(origin, direction, lo, hi, pad)
    return None if span is None else span[0]


def _ray_span(origin: Any, direction: Any, lo: Any, hi: Any,
              pad: float = 0.25) -> tuple[float, float] | None:
    """Where a ray enters and leaves a box grown by ``pad`` (0 when it starts inside)."""
    near, far = -math.inf, math.inf
    for axis in range(3):
        a, b = lo[axis] - pad, hi[axis] + pad
        o, d = origin[axis], direction[axis]
        if abs(d) < 1e-9:
            if not a <= o <= b:
                return None
            continue
        t1, t2 = (a - o) / d, (b - o) / d
        near, far = max(near, min(t1, t2)), min(far, max(t1, t2))
    if near > far or far < 0:
        return None
    return max(near, 0.0), far

def tint_vest(model: Any, colour: tuple[float, float, float]) -> None:
    """Colour the vest of a figure model (its materials named "vest")."""
    r, g, b = colour
    for geom_np in model.findAllMatches("**/+GeomNode"):
        geom_node = geom_np.node()
        for i in range(geom_node.getNumGeoms()):
            state = geom_node.getGeomState(i)
            attrib = state.getAttrib(MaterialAttrib)
            if attrib is None or attrib.getMaterial() is None:
                continue
            if "vest" not in attrib.getMaterial().getName().lower():
                continue
            vest = Material(attrib.getMaterial())
            vest.setBaseColor((r, g, b, 1))
            geom_node.setGeomState(i, state.setAttrib(MaterialAttrib.make(vest)))
