"""A walkthrough's steps as timed core requests (for headless play, the pilot and tests)."""

from __future__ import annotations

from collections.abc import Iterator

from engine.core.state import Ask, Choose, Perform, Request
from engine.scenario.walkthrough import Walkthrough


def ms(seconds: float) -> int:
    return round(seconds * 1000)


def planned_requests(plan: Walkthrough) -> Iterator[tuple[int, Request]]:
    """Each step of ``plan`` as (scenario time in ms, request), in order."""
    for step in plan.steps:
        role = step.role or plan.role
        if step.do is not None and step.ask is not None:
            yield ms(step.at), Ask(step.do, step.ask, role, step.via or "radio")
        elif step.do is not None:
            yield ms(step.at), Perform(step.do, role)
        else:
            assert step.choose is not None and step.option is not None
            yield ms(step.at), Choose(step.choose, step.option, role, step.rationale)
