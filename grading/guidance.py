"""The guidance lines checklist items cite: the one list lives in ``engine.scenario.guidance``."""

from __future__ import annotations

from engine.scenario.guidance import GUIDANCE, guidance_sort_key

__all__ = ["GUIDANCE", "guidance_sort_key"]
