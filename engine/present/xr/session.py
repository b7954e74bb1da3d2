"""The OpenXR session: its lifecycle as a pure state machine, and the session handle itself.

``Lifecycle`` takes the runtime's session states (the values of ``XrSessionState``) one by
one and says what the application must do: begin or end the session, run frames or not, let
the scenario clock run or hold it, stop. It imports nothing, so a scripted sequence of
runtime events drives it in tests. ``XrSession`` creates the session bound to Panda3D's own
OpenGL context and feeds the runtime's events to a ``Lifecycle``.
"""

from __future__ import annotations

import ctypes
import enum
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)


class State(enum.IntEnum):
    """``XrSessionState``, by the numbers the specification gives them."""

    UNKNOWN = 0
    IDLE = 1
    READY = 2
    SYNCHRONIZED = 3
    VISIBLE = 4
    FOCUSED = 5
    STOPPING = 6
    LOSS_PENDING = 7
    EXITING = 8


class Command(enum.Enum):
    BEGIN = "begin"  # xrBeginSession
    END = "end"  # xrEndSession
    DESTROY = "destroy"  # the session is over: destroy it (and retry when it was lost)


@dataclass
class Lifecycle:
    state: State = State.UNKNOWN
    running: bool = False  # between xrBeginSession and xrEndSession
    lost: bool = False  # the runtime or headset went away; a new session may be tried
    exit_requested: bool = False
    history: list[State] = field(default_factory=list)

    def on_state(self, value: int) -> list[Command]:
        """The session changed to ``value``: what to do about it."""
        try:
            new = State(value)
        except ValueError:
            log.warning("unknown OpenXR session state %s", value)
            return []
        self.state = new
        self.history.append(new)
        if new is State.READY and not self.running:
            self.running = True
            return [Command.BEGIN]
        if new is State.STOPPING and self.running:
            self.running = False
            return [Command.END]
        if new is State.LOSS_PENDING:
            self.running, self.lost = False, True
            return [Command.DESTROY]
        if new is State.EXITING:
            self.running = False
            return [Command.DESTROY]
        return []

    def on_instance_loss(self) -> list[Command]:
        self.running, self.lost = False, True
        return [Command.DESTROY]

    @property
    def frames(self) -> bool:
        """Whether to run the frame loop (xrWaitFrame/xrBeginFrame/xrEndFrame)."""
        return self.running

    @property
    def visible(self) -> bool:
        """Whether what is rendered is shown to the trainee (only then is rendering worth it)."""
        return self.running and self.state in (State.VISIBLE, State.FOCUSED)

    @property
    def focused(self) -> bool:
        """The trainee is in the application: input arrives and the scenario clock runs."""
        return self.running and self.state is State.FOCUSED

    @property
    def over(self) -> bool:
        """The runtime wants the application to stop (it is exiting, not merely idle)."""
        return self.state is State.EXITING and not self.lost

    @property
    def pause_reason(self) -> str | None:
        """Why the scenario clock is held, in a few words, or None while it runs."""
        if self.focused:
            return None
        if self.lost:
            return "headset lost: waiting for it to come back"
        if self.state in (State.VISIBLE, State.SYNCHRONIZED):
            return "headset not focused (a system menu is open)"
        if self.state in (State.IDLE, State.UNKNOWN, State.READY):
            return "headset idle (not worn, or the runtime is starting)"
        return "headset session stopping"

    def replay(self, values: Iterable[int]) -> list[Command]:
        """Every command for a sequence of states, in order (tests and diagnostics)."""
        return [c for v in values for c in self.on_state(v)]


def _key(handle: Any) -> int | None:
    return ctypes.cast(handle, ctypes.c_void_p).value


class XrSession:
    """An OpenXR session drawing with the OpenGL context ``binding`` describes."""

    def __init__(self, instance: Any, system_id: Any, binding: Any, view_type: Any) -> None:
        import xr

        self.instance, self.view_type = instance, view_type
        self.binding = binding  # kept alive: the runtime may hold the pointer
        self.lifecycle = Lifecycle()
        self.frame_state: Any = None
        self.in_frame = False
        info = xr.SessionCreateInfo(
            next=ctypes.cast(ctypes.pointer(binding), ctypes.c_void_p),
            create_flags=xr.SessionCreateFlags(),
            system_id=system_id,
        )
        self.handle = xr.create_session(instance, info)

    def poll(self) -> list[str]:
        """Handle every pending runtime event; returns short notes of what happened."""
        import xr

        notes: list[str] = []
        while self.handle is not None:
            try:
                buffer = xr.poll_event(self.instance)
            except xr.EventUnavailable:
                break
            kind = xr.StructureType(buffer.type)
            commands: list[Command] = []
            if kind == xr.StructureType.EVENT_DATA_SESSION_STATE_CHANGED:
                event = ctypes.cast(ctypes.byref(buffer),
                                    ctypes.POINTER(xr.EventDataSessionStateChanged)).contents
                if event.session is not None and _key(event.session) != _key(self.handle):
                    continue
                commands = self.lifecycle.on_state(int(event.state))
                notes.append(f"state {self.lifecycle.state.name}")
            elif kind == xr.StructureType.EVENT_DATA_INSTANCE_LOSS_PENDING:
                commands = self.lifecycle.on_instance_loss()
                notes.append("instance loss pending")
            elif kind == xr.StructureType.EVENT_DATA_EVENTS_LOST:
                notes.append("events lost")
            elif kind == xr.StructureType.EVENT_DATA_INTERACTION_PROFILE_CHANGED:
                notes.append("interaction profile changed")
            for command in commands:
                self._do(command)
        return notes

    def _do(self, command: Command) -> None:
        import xr

        if command is Command.BEGIN:
            xr.begin_session(self.handle, xr.SessionBeginInfo(self.view_type))
        elif command is Command.END:
            xr.end_session(self.handle)
        # DESTROY is left to the owner, who holds the spaces and swapchains made from it

    def request_exit(self) -> None:
        """Ask the runtime to end the session (it walks it through STOPPING to EXITING)."""
        import xr

        if self.lifecycle.running:
            self.lifecycle.exit_requested = True
            xr.request_exit_session(self.handle)

    def begin_frame(self) -> bool:
        """xrWaitFrame (paces the loop to the display) and xrBeginFrame. Returns whether the
        runtime wants this frame rendered."""
        import xr

        if not self.lifecycle.frames:
            return False
        self.frame_state = xr.wait_frame(self.handle, xr.FrameWaitInfo())
        xr.begin_frame(self.handle, xr.FrameBeginInfo())
        self.in_frame = True
        return bool(self.frame_state.should_render)

    def end_frame(self, layers: list[Any]) -> None:
        import xr

        if not self.in_frame:
            return
        self.in_frame = False
        info = xr.FrameEndInfo(
            display_time=self.frame_state.predicted_display_time,
            environment_blend_mode=xr.EnvironmentBlendMode.OPAQUE,
            layers=[ctypes.byref(layer) for layer in layers],
        )
        xr.end_frame(self.handle, info)

    @property
    def display_time(self) -> int:
        return int(self.frame_state.predicted_display_time) if self.frame_state else 0

    def destroy(self) -> None:
        import xr

        if self.handle is not None:
            try:
                xr.destroy_session(self.handle)
            finally:
                self.handle = None
