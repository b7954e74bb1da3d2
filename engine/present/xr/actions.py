"""Controller actions: what the trainee can do with their hands, and where each controller
that a headset comes with puts it (suggested bindings per interaction profile).

The tables are plain data, checked by unit tests against the components each profile has in
the OpenXR specification. ``ActionSet`` makes the actions, suggests every table (a profile
the runtime rejects is skipped with a warning, never fatal) and reads their states per frame.
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

HANDS = ("left", "right")

# action name -> (kind, what the trainee reads in the runtime's binding editor)
ACTIONS: Mapping[str, tuple[str, str]] = {
    "aim": ("pose", "Pointer"),
    "grip": ("pose", "Hand"),
    "select": ("boolean", "Act / select"),
    "grab": ("boolean", "Pick up and read"),
    "move": ("vector2f", "Teleport and snap turn"),
    "menu": ("boolean", "Briefing and pause"),
    "haptic": ("vibration", "Haptic pulse"),
}


def _both(component: str) -> list[str]:
    return [f"/user/hand/{hand}/{component}" for hand in HANDS]


def _common(select: str, grab: str | None, move: str | None,
            menu: list[str]) -> dict[str, list[str]]:
    table = {"aim": _both("input/aim/pose"), "grip": _both("input/grip/pose"),
             "select": _both(select), "menu": menu, "haptic": _both("output/haptic")}
    if grab is not None:
        table["grab"] = _both(grab)
    if move is not None:
        table["move"] = _both(move)
    return table


# interaction profile -> action -> binding paths
BINDINGS: Mapping[str, Mapping[str, list[str]]] = {
    "/interaction_profiles/khr/simple_controller": _common(
        "input/select/click", None, None, _both("input/menu/click")),
    "/interaction_profiles/oculus/touch_controller": _common(
        "input/trigger/value", "input/squeeze/value", "input/thumbstick",
        ["/user/hand/left/input/menu/click"]),  # the right hand's is the system button
    "/interaction_profiles/valve/index_controller": _common(
        "input/trigger/click", "input/squeeze/value", "input/thumbstick", _both("input/b/click")),
    "/interaction_profiles/htc/vive_controller": _common(
        "input/trigger/click", "input/squeeze/click", "input/trackpad", _both("input/menu/click")),
    "/interaction_profiles/microsoft/motion_controller": _common(
        "input/trigger/value", "input/squeeze/click", "input/thumbstick",
        _both("input/menu/click")),
}

# what each profile has, from the OpenXR specification (section "Interaction Profiles")
COMPONENTS: Mapping[str, frozenset[str]] = {
    "/interaction_profiles/khr/simple_controller": frozenset({
        "input/select/click", "input/menu/click", "input/grip/pose", "input/aim/pose",
        "output/haptic"}),
    "/interaction_profiles/oculus/touch_controller": frozenset({
        "input/squeeze/value", "input/trigger/value", "input/trigger/touch", "input/thumbstick",
        "input/thumbstick/x", "input/thumbstick/y", "input/thumbstick/click",
        "input/thumbstick/touch", "input/thumbrest/touch", "input/grip/pose", "input/aim/pose",
        "output/haptic", "input/menu/click", "input/x/click", "input/y/click", "input/a/click",
        "input/b/click"}),
    "/interaction_profiles/valve/index_controller": frozenset({
        "input/system/click", "input/a/click", "input/b/click", "input/squeeze/value",
        "input/squeeze/force", "input/trigger/click", "input/trigger/value",
        "input/trigger/touch", "input/thumbstick", "input/thumbstick/click",
        "input/trackpad", "input/trackpad/force", "input/grip/pose", "input/aim/pose",
        "output/haptic"}),
    "/interaction_profiles/htc/vive_controller": frozenset({
        "input/system/click", "input/squeeze/click", "input/menu/click", "input/trigger/click",
        "input/trigger/value", "input/trackpad", "input/trackpad/click", "input/trackpad/touch",
        "input/grip/pose", "input/aim/pose", "output/haptic"}),
    "/interaction_profiles/microsoft/motion_controller": frozenset({
        "input/menu/click", "input/squeeze/click", "input/trigger/value", "input/thumbstick",
        "input/thumbstick/click", "input/trackpad", "input/trackpad/click",
        "input/trackpad/touch", "input/grip/pose", "input/aim/pose", "output/haptic"}),
}
LEFT_ONLY = {("/interaction_profiles/oculus/touch_controller", "input/menu/click"),
             ("/interaction_profiles/oculus/touch_controller", "input/x/click"),
             ("/interaction_profiles/oculus/touch_controller", "input/y/click")}


def component(path: str) -> tuple[str, str]:
    """``/user/hand/left/input/menu/click`` -> ("left", "input/menu/click")."""
    parts = path.split("/")
    return parts[3], "/".join(parts[4:])


@dataclass
class HandState:
    """One hand's controls this frame (poses are OpenXR poses in the play space)."""

    aim: Any = None
    grip: Any = None
    select: bool = False
    grab: bool = False
    menu: bool = False
    move: tuple[float, float] = (0.0, 0.0)


@dataclass
class Controls:
    hands: dict[str, HandState] = field(default_factory=lambda: {h: HandState() for h in HANDS})
    profiles: dict[str, str] = field(default_factory=dict)  # hand -> interaction profile
    focused: bool = False  # the session has input focus: these states are live


class ActionSet:
    def __init__(self, instance: Any, session: Any) -> None:
        import xr

        self.instance, self.session = instance, session
        self.handle = xr.create_action_set(instance, xr.ActionSetCreateInfo(
            action_set_name="trainee", localized_action_set_name="Trainee", priority=0))
        self.hand_paths = {h: xr.string_to_path(instance, f"/user/hand/{h}") for h in HANDS}
        kinds = {"pose": xr.ActionType.POSE_INPUT, "boolean": xr.ActionType.BOOLEAN_INPUT,
                 "vector2f": xr.ActionType.VECTOR2F_INPUT,
                 "vibration": xr.ActionType.VIBRATION_OUTPUT}
        self.actions = {
            name: xr.create_action(self.handle, xr.ActionCreateInfo(
                action_type=kinds[kind], action_name=name, localized_action_name=label,
                subaction_paths=list(self.hand_paths.values())))
            for name, (kind, label) in ACTIONS.items()
        }
        self.accepted: list[str] = []
        for profile, table in BINDINGS.items():
            self._suggest(profile, table)
        self.spaces = {
            (name, hand): xr.create_action_space(session, xr.ActionSpaceCreateInfo(
                action=self.actions[name], subaction_path=path, pose_in_action_space=xr.Posef()))
            for name in ("aim", "grip") for hand, path in self.hand_paths.items()
        }
        xr.attach_session_action_sets(session, xr.SessionActionSetsAttachInfo(
            action_sets=[self.handle]))

    def _suggest(self, profile: str, table: Mapping[str, list[str]]) -> None:
        import xr

        try:
            bindings = [xr.ActionSuggestedBinding(self.actions[name],
                                                  xr.string_to_path(self.instance, path))
                        for name, paths in table.items() for path in paths]
            xr.suggest_interaction_profile_bindings(self.instance,
                                                    xr.InteractionProfileSuggestedBinding(
                interaction_profile=xr.string_to_path(self.instance, profile),
                suggested_bindings=bindings))
        except xr.exception.XrException as error:
            log.warning("the OpenXR runtime rejected the bindings for %s (%s); skipped",
                        profile, error)
            return
        self.accepted.append(profile)

    def sync(self, controls: Controls, time: int, locate: Any) -> bool:
        """Read every action into ``controls``; ``locate(space, time)`` gives a pose or None.
        Returns False while the session is not focused (no input then)."""
        import xr

        try:
            xr.sync_actions(self.session, xr.ActionsSyncInfo(
                active_action_sets=[xr.ActiveActionSet(self.handle, xr.NULL_PATH)]))
        except xr.exception.SessionNotFocused:
            return False
        for hand, path in self.hand_paths.items():
            state = controls.hands[hand]

            def get(name: str, fn: Any, path: Any = path) -> Any:
                return fn(self.session, xr.ActionStateGetInfo(action=self.actions[name],
                                                              subaction_path=path))
            for name in ("select", "grab", "menu"):
                value = get(name, xr.get_action_state_boolean)
                setattr(state, name, bool(value.is_active and value.current_state))
            move = get("move", xr.get_action_state_vector2f)
            state.move = ((float(move.current_state.x), float(move.current_state.y))
                          if move.is_active else (0.0, 0.0))
            for name in ("aim", "grip"):
                active = get(name, xr.get_action_state_pose).is_active
                setattr(state, name, locate(self.spaces[(name, hand)], time) if active else None)
        return True

    def current_profiles(self) -> dict[str, str]:
        import xr

        found = {}
        for hand, path in self.hand_paths.items():
            try:
                profile = xr.get_current_interaction_profile(self.session, path).interaction_profile
            except xr.exception.XrException:
                continue
            if profile:
                found[hand] = xr.path_to_string(self.instance, profile)
        return found

    def pulse(self, hand: str, seconds: float = 0.05, amplitude: float = 0.6) -> None:
        import xr

        vibration = xr.HapticVibration(duration=int(seconds * 1e9),
                                       frequency=xr.FREQUENCY_UNSPECIFIED, amplitude=amplitude)
        try:
            xr.apply_haptic_feedback(self.session, xr.HapticActionInfo(
                action=self.actions["haptic"], subaction_path=self.hand_paths[hand]),
                ctypes.cast(ctypes.byref(vibration), ctypes.POINTER(xr.HapticBaseHeader)).contents)
        except xr.exception.XrException as error:
            log.debug("haptic pulse refused: %s", error)

    def destroy(self) -> None:
        import xr

        for space in self.spaces.values():
            xr.destroy_space(space)
        self.spaces = {}
        if self.handle is not None:
            xr.destroy_action_set(self.handle)
            self.handle = None
