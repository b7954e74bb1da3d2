"""Walkthroughs: scripted play-throughs of a scenario with what the author expects to happen."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from engine.scenario.schema import Channel, Id, Model, Seconds, Text, do_or_choose

Rating = Literal["P", "S", "M", "U"]


class PlanStep(Model):
    at: Seconds = Field(description="Scenario time in seconds, or 'm:ss'.")
    do: Id | None = Field(None, description="An action to take.")
    choose: Id | None = Field(None, description="A decision point to answer.")
    option: Id | None = None
    rationale: str | None = None
    role: Id | None = Field(None, description="Who acts; the walkthrough's role if left out.")
    ask: Id | None = Field(None, description="With 'do': ask this role to take the action.")
    via: Channel | None = Field(None, description="With 'ask': radio, phone or face_to_face.")

    @model_validator(mode="after")
    def _one_kind(self) -> PlanStep:
        do_or_choose("step", self.do, self.choose, self.option, self.rationale)
        if self.ask is not None and self.do is None:
            raise ValueError("'ask' names who is asked to 'do' an action")
        if self.via is not None and self.ask is None:
            raise ValueError("'via' belongs to an 'ask' step")
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
    players: list[Id] = Field(
        [], description="The roles people play (the engine plays the others); by default the "
        "walkthrough's role and every role its steps use."
    )
    seed: int = 1
    trainee: str = "walkthrough"
    until: Seconds | None = Field(None, description="Stop here if no ending came first.")
    breaks: list[str] = Field(
        [], description="Guidance lines this walkthrough deliberately breaks."
    )
    steps: list[PlanStep] = []
    expect: Expectations = Expectations()
