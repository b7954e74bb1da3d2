"""Procedural generator for Task Force VR's own 3D assets (see tools/make_assets.py)."""

from __future__ import annotations

from collections.abc import Callable

from .gltf import Node
from .models import (
    cargo,
    clipboard,
    container,
    equipment,
    figure,
    fire_engine,
    furniture,
    gear,
    goods,
    halls,
    offices,
    people,
    ppe,
    robot,
    vehicles,
    yard,
)

MODELS: dict[str, Callable[[], Node]] = {
    "port_yard": yard.build,
    "container_40ft": container.build,
    "pallet": cargo.build_pallet,
    "battery_carton_genuine": cargo.build_carton_genuine,
    "battery_carton_counterfeit": cargo.build_carton_counterfeit,
    "pallet_load_counterfeit": cargo.build_pallet_load,
    "container_cargo": goods.build_container_cargo,
    "ebike_battery": cargo.build_ebike_battery,
    "ppe_kit": ppe.build_ppe_kit,
    "thermal_camera": equipment.build_thermal_camera,
    "barrier": equipment.build_barrier,
    "figure": figure.build_figure,
    "fire_engine": fire_engine.build_fire_engine,
    "inspection_robot": robot.build_inspection_robot,
    "clipboard": clipboard.build_clipboard,
    **people.BUILDERS,
    **furniture.BUILDERS,
    **offices.BUILDERS,
    **halls.BUILDERS,
    **goods.BUILDERS,
    **gear.BUILDERS,
    **vehicles.BUILDERS,
}
