"""Is there a headset to use? ``probe()`` answers without opening a session or a window, for
``--display auto``: pyopenxr installed, a runtime loaded, OpenGL offered, a headset present."""

from __future__ import annotations

from dataclasses import dataclass

from engine.present.base import PresenterError


@dataclass(frozen=True)
class Probe:
    ok: bool
    reason: str  # the runtime and headset found, or what is missing and how to fix it

    def __bool__(self) -> bool:
        return self.ok


def probe(*, headless: bool | None = None) -> Probe:
    from engine.present.xr.instance import (
        available_extensions,
        choose_extensions,
        import_xr,
        quiet_loader,
    )
    from engine.present.xr.instance import (
        headless as no_display,
    )

    bare = no_display() if headless is None else headless
    try:
        import_xr()
        extensions = choose_extensions(available_extensions(), headless=bare)
        from engine.present.xr.instance import Instance
        from engine.present.xr.system import System

        with quiet_loader():  # the runtime's own start-up chatter is not for the trainer
            instance = Instance(extensions)
            try:
                system = System(instance.handle, instance.runtime)
                return Probe(True, f"{system.name} on {instance.runtime}")
            finally:
                instance.destroy()
    except PresenterError as error:
        return Probe(False, error.message + (f" ({error.hint})" if error.hint else ""))
