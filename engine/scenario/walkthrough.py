"""Walkthroughs: scripted play-throughs of a scenario with what the author expects to happen."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from engine.scenario.schema import Id, Model, Seconds, Text

Rating = Literal["P", "S", "M", "U"]


class PlanStep(Model):
    at: Seconds = Field(description="Scenario time in seconds, or 'm:ss'.")
    do: Id | None = Field(None, description="An action to take.")
    choose: Id | None = Field(None, description="A decision point to answer.")
    option: Id | None = None
    rationale: str | None = None
    role: Id | None = Field(None, description="Who acts; the walkthrough's role if left out.")

    @model_validator(mode="after")
    def _one_kind(self) -> PlanStep:
        if (self.do is None) == (self.choose is None):
            raise ValueError("a step has either 'do' or 'choose'")
        if self.choose is not None and self.option is None:
            raise ValueError("a 'choose' step needs an 'option'")
        if self.do is not None and (self.option is not None or self.rationale is not None):
            raise ValueError("'option' and 'rationale' belong to a 'choose' step")
        return self


class Expectations(Model):
    outcome: Literal["success", "failure", "timeout", "none"] | None = Field(
        None, description="'none' when the walkthrough stops before any ending."
    )
    ending: Id | None = None
    fired: list[Id] = []
    not_fired: list[Id] = []
    refused: list[Id] = Field(
        [], description="Actions or decisions the scenario must refuse during this walkthrough."
    )
    refusals: int | None = Field(None, ge=0, description="Exactly this many refused requests.")
    ratings: dict[Id, Rating] = Field(
        {}, description="Expected P/S/M/U rating per checklist capability."
    )
    missed: list[str] = Field([], description="Checklist items the grade must report as missed.")


class Walkthrough(Model):
    id: Id
    title: Text
    summary: Text | None = None
    role: Id
    seed: int = 1
    trainee: str = "walkthrough"
    until: Seconds | None = Field(None, description="Stop here if no ending came first.")
    breaks: list[str] = Field(
        [], description="Guidance lines this walkthrough deliberately breaks."
    )
    steps: list[PlanStep] = []
    expect: Expectations = Expectations()
