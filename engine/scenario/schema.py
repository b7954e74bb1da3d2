"""The scenario format as pydantic models: what a trainer can say in ``scenario.yaml``.

Trainee-facing strings carry no explicit id: each one's id is derived from the ids of the
elements that own it (see ``engine.scenario.strings``), so it stays stable while the text is
edited or translated.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from engine.scenario.expressions import Names

FORMAT_VERSION = 1

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(-[a-z0-9_]+)*$", max_length=64)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=4000)]
Condition = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
_CLOCK = re.compile(r"^(?:(\d+):)?(\d+):(\d{2}(?:\.\d+)?)$")
_DOTTED = re.compile(r"^\d+\.\d+$")


def _clock_to_seconds(value: Any) -> Any:
    """Accept '2:30' or '1:02:30' as well as plain seconds. A quoted number with a point,
    such as '2.30', is refused: it reads as 2.3 seconds but most likely means 2:30."""
    if isinstance(value, str) and (m := _CLOCK.match(value.strip())):
        hours, minutes, seconds = m.groups()
        if float(seconds) >= 60:
            raise ValueError(f"'{value}' has {seconds} seconds; write at most 59")
        return int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)
    if isinstance(value, str) and _DOTTED.match(value.strip()):
        minutes, _, seconds = value.strip().partition(".")
        raise ValueError(f"'{value}' is not a time: write seconds as a number ({value.strip()} "
                         f"without quotes) or minutes and seconds as '{minutes}:{seconds:0<2}'")
    return value


def clock(ms: int) -> str:
    """Scenario time as a trainer writes it: m:ss."""
    seconds = max(0, ms) // 1000
    return f"{seconds // 60:d}:{seconds % 60:02d}"


Seconds = Annotated[
    float,
    BeforeValidator(_clock_to_seconds, json_schema_input_type=float | str),
    Field(ge=0, le=7 * 24 * 3600),
]
Scalar = bool | int | float | str

Level = Literal["strategic", "operational", "tactical"]
Agency = Literal[
    "customs",
    "police",
    "fire_service",
    "regulator",
    "brand_owner",
    "prosecutor",
    "media",
    "port_authority",
    "shipping_line",
    "platform",
    "health_inspector",
    "airline",
    "cargo_handler",
    "postal_operator",
    "health_regulator",
    "communications",
    "other",
]
Delivery = Literal[
    "radio", "phone", "video_call", "message", "email", "in_world", "face_to_face", "document"
]
Verb = Literal[
    "inspect",
    "don_ppe",
    "call",
    "deploy",
    "move",
    "open",
    "close",
    "photograph",
    "sample",
    "test",
    "measure",
    "seal",
    "interview",
    "hand_over",
    "brief",
    "cordon",
    "evacuate",
    "cool",
    "record",
    "request",
    "assign",
    "refer",
    "search",
    "send",
    "draft",
    "isolate",
    "other",
]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Objective(Model):
    id: Id
    text: Text


class Role(Model):
    id: Id
    name: Text
    agency: Agency
    playable: bool = False
    briefing: Text | None = None
    on_request: list[OnRequest] = Field(
        [], description="What others can ask this role to do while the engine plays it."
    )
    behaviours: list[Behaviour] = Field(
        [], description="What this role does on its own while the engine plays it."
    )


class Area(Model):
    center: tuple[float, float]
    size: tuple[Annotated[float, Field(gt=0)], Annotated[float, Field(gt=0)]]


class Zone(Model):
    id: Id
    name: Text
    kind: Literal["populated", "isolation", "inspection", "staging", "restricted", "other"]
    area: Area


class Viewpoint(Model):
    position: tuple[float, float] = Field(description="Where the trainee stands: x, y in metres.")
    look_at: tuple[float, float, float] = Field(description="The point they face at the start.")


class Place(Model):
    environment: str | None = Field(None, description="Asset path of the environment model.")
    zones: list[Zone] = []
    start: Viewpoint | None = Field(
        None, description="Where the trainee starts (inside a room, say); else back from the "
        "first prop, looking at it."
    )
    ground: bool = Field(
        False, description="Lay flat ground around the environment too (the road beyond a "
        "yard's fence); a place with no environment always has it."
    )


class Placement(Model):
    when: Condition
    position: tuple[float, float, float]
    rotation: tuple[float, float, float] = (0.0, 0.0, 0.0)
    travel: Seconds | None = Field(
        None, description="Seconds to get there (else at the prop's speed)."
    )


class Label(Model):
    """What is printed on a generic model's label surfaces: a document's text, or words."""

    document: Id | None = Field(None, description="A document whose text is printed on it.")
    text: Text | None = Field(None, description="The words printed on it.")
    surface: str | None = Field(
        None, description="Only this label surface of the model (e.g. label_end); default all."
    )


class Prop(Model):
    id: Id
    name: Text
    asset: str = Field(description="Path under assets/, e.g. models/container_40ft.glb.")
    position: tuple[float, float, float] = (0.0, 0.0, 0.0)
    rotation: tuple[float, float, float] = Field(
        (0.0, 0.0, 0.0), description="Heading, pitch and roll in degrees."
    )
    scale: Annotated[float, Field(gt=0)] | tuple[float, float, float] = 1.0
    zone: Id | None = None
    documents: list[Id] = []
    interactable: bool = True
    role: Id | None = Field(None, description="The role this figure stands for (name tag).")
    shown_when: Condition | None = Field(None, description="Visible only while this holds.")
    placements: list[Placement] = Field(
        [], description="Where the prop stands instead, while a condition holds (first match)."
    )
    label: Label | None = Field(
        None, description="Text drawn on the model's label surfaces (nodes named label*)."
    )
    speed: Annotated[float, Field(gt=0, le=100)] | None = Field(
        None, description="Metres per second it moves between places (figures 1.4, else 3)."
    )
    enter_from: tuple[float, float, float] | None = Field(
        None, description="Where it comes from when it first shows (else it appears in place)."
    )


class CrowdSize(Model):
    when: Condition
    count: Annotated[int, Field(ge=0, le=500)]


class Crowd(Model):
    """People or vehicles standing in an area, as many as the state says (first match)."""

    id: Id
    name: Text
    asset: str = Field("models/figure.glb", description="The model of one member.")
    zone: Id | None = Field(None, description="Where they stand (or give 'area').")
    area: Area | None = None
    count: Annotated[int, Field(ge=0, le=500)]
    sizes: list[CrowdSize] = Field([], description="Other sizes while a condition holds.")
    layout: Literal["queue", "scatter"] = "scatter"
    heading: float = Field(0.0, description="The way they face, in degrees.")
    change: Seconds = Field(30.0, description="Seconds over which it grows or thins.")
    exit: tuple[float, float] | None = Field(
        None, description="Where members come from and go to (else straight out of the area)."
    )


class Document(Model):
    id: Id
    title: Text
    kind: Literal[
        "manifest",
        "bill_of_lading",
        "label",
        "certificate",
        "report",
        "record",
        "result",
        "intelligence",
        "statement",
        "message",
        "photograph",
        "other",
    ]
    body: Text
    compare_with: Id | None = Field(
        None,
        description="A document shown beside this one whenever both are at hand, to compare "
        "side by side (the rights holder's record beside the pack's label).",
    )
    shown_to: list[Id] = Field(
        [], description="The roles that can read it (every role when left out)."
    )


class Variable(Model):
    id: Id
    type: Literal["bool", "int", "float", "enum"]
    initial: Scalar
    values: list[Id] | None = Field(None, description="The allowed values of an enum variable.")
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    shown: bool = Field(False, description="Whether the trainee's view shows this variable.")
    shown_to: list[Id] = Field(
        [], description="With 'shown': the roles whose status plate shows it (every role when "
        "left out)."
    )
    shown_when: Condition | None = Field(
        None, description="With 'shown': shown only while this holds, e.g. after a sensor is used."
    )
    label: Text | None = None
    value_labels: dict[Id, Text] = Field(
        {}, description="How an enum variable's values read on screen, e.g. {lead_a: Lead A}."
    )


class Effects(Model):
    set: dict[Id, Scalar] = {}
    add: dict[Id, float] = {}
    open: Id | None = Field(None, description="A decision point to open.")
    fire: list[Id] = Field([], description="Injects to fire at once.")
    end: Id | None = Field(None, description="An ending to reach at once.")


class Outcome(Model):
    id: Id
    weight: Annotated[float, Field(gt=0)]
    effects: Effects = Effects()
    message: Text | None = None


class Action(Model):
    id: Id
    verb: Verb
    label: Text
    roles: list[Id] = Field(min_length=1)
    target: Id | None = Field(None, description="A prop, zone or role the action is aimed at.")
    when: Condition | None = Field(None, description="Available only while this holds.")
    repeatable: bool = False
    effects: Effects = Effects()
    outcomes: list[Outcome] = Field(
        [], description="Weighted outcomes drawn from the session's seeded random stream."
    )
    message: Text | None = Field(None, description="What the trainee is told when it is done.")
    documents: list[Id] = Field(
        [], description="Documents it produces (a reading, a photo record), readable from then on."
    )
    read: list[Id] = Field(
        [], description="Documents whose reading counts as taking this action: once the trainee "
        "has opened every one of them (with F or a menu's Read row), it is done for them.")


class Option(Model):
    id: Id
    label: Text
    effects: Effects = Effects()
    next: Id | None = Field(None, description="A decision point that opens after this option.")


class Decision(Model):
    id: Id
    prompt: Text
    roles: list[Id] = Field(min_length=1)
    when: Condition | None = Field(None, description="Opens the first time this holds.")
    time_limit: Seconds | None = None
    on_timeout: Id | None = Field(None, description="The option taken when time runs out.")
    rationale: Literal["none", "optional", "required"] = "none"
    options: list[Option] = Field(min_length=2)


class Trigger(Model):
    at: Seconds | None = Field(None, description="Scenario time in seconds, or 'm:ss'.")
    when: Condition | None = None
    after: Seconds | None = Field(
        None, description="Fire this many seconds after 'when' first holds (e.g. travel time)."
    )


Channel = Literal["radio", "phone", "face_to_face"]


class Delay(Model):
    """A delay drawn from the session's seeded random stream, evenly between two times."""

    min: Seconds
    max: Seconds


class Refusal(Model):
    id: Id
    when: Condition = Field(description="The partner refuses while this holds.")
    reason: Text = Field(description="What the partner says.")


class OnRequest(Model):
    """An action a partner takes when asked: it answers at once, then acts after the delay."""

    action: Id
    label: Text | None = Field(None, description="How the request reads in the menu.")
    via: list[Channel] = Field(
        ["radio", "phone", "face_to_face"], min_length=1,
        description="How it can be asked: by radio, by phone, or face to face at its figure.",
    )
    when: Condition | None = Field(None, description="It can be asked only while this holds.")
    delay: Seconds | Delay = Field(
        10.0, description="Seconds from the answer to the action (or {min, max})."
    )
    answer: Text | None = Field(None, description="What the partner says when it agrees.")
    refusals: list[Refusal] = Field(
        [], description="Reasons to refuse (the first that holds), e.g. before it is safe."
    )


class Behaviour(Model):
    """Something a partner does on its own: an action, or an option at a decision point."""

    id: Id
    trigger: Trigger
    do: Id | None = Field(None, description="An action the role takes.")
    choose: Id | None = Field(None, description="A decision point the role answers.")
    option: Id | None = None
    rationale: Text | None = None
    for_: Id | None = Field(None, alias="for", description="The role it is done for.")

    @model_validator(mode="after")
    def _one_kind(self) -> Behaviour:
        do_or_choose("behaviour", self.do, self.choose, self.option, self.rationale)
        return self


def do_or_choose(what: str, do: str | None, choose: str | None, option: str | None,
                 rationale: str | None) -> None:
    """A step or behaviour takes an action (``do``) or answers a decision (``choose``)."""
    if (do is None) == (choose is None):
        raise ValueError(f"a {what} has either 'do' or 'choose'")
    if choose is not None and option is None:
        raise ValueError(f"a 'choose' {what} needs an 'option'")
    if do is not None and (option is not None or rationale is not None):
        raise ValueError(f"'option' and 'rationale' belong to a 'choose' {what}")


class Contingency(Model):
    by: Seconds = Field(description="Fires at this time if the expected action has not happened.")
    unless: Condition


class Inject(Model):
    id: Id
    number: Annotated[int, Field(ge=1)] = Field(description="The MSEL number.")
    trigger: Trigger | None = None
    contingency: Contingency | None = None
    delivery: Delivery
    originator: Id
    recipient: Id
    also_to: list[Id] = Field([], description="Other roles that receive it too.")
    content: Text
    expected_response: Text | None = None
    objective: Id | None = None
    effects: Effects = Effects()
    documents: list[Id] = Field(
        [], description="Documents it delivers (a lab result, a reply, a traced number)."
    )


class RateRule(Model):
    when: Condition
    rate: float = Field(description="Change per second of scenario time.")


class Threshold(Model):
    above: float | None = None
    below: float | None = None
    fire: list[Id] = []
    end: Id | None = None


class Hazard(Model):
    id: Id
    name: Text
    variable: Id
    prop: Id | None = Field(None, description="The prop the hazard is attached to.")
    rates: list[RateRule] = Field(min_length=1)
    thresholds: list[Threshold] = []


class Ending(Model):
    id: Id
    outcome: Literal["success", "failure", "timeout"]
    trigger: Trigger = Field(
        Trigger(), description="Not needed when a hazard threshold or an effect ends with it."
    )
    message: Text


class Scenario(Model):
    format: Literal[1] = 1
    id: Id
    version: str
    title: Text
    summary: Text
    objectives: list[Objective] = Field(min_length=1)
    levels: list[Level] = Field(min_length=1)
    guidance: list[str] = Field(
        [], description="Guidance lines the scenario practises (ids in docs/guidance.md)."
    )
    duration_minutes: Annotated[int, Field(ge=1, le=24 * 60)]
    languages: list[str] = ["en"]
    time_limit: Seconds = Field(description="Scenario seconds after which it times out.")
    tick: Annotated[float, Field(gt=0, le=60)] = Field(
        1.0, description="Seconds between hazard updates and condition checks."
    )
    roles: list[Role] = Field(min_length=1)
    place: Place = Place()
    props: list[Prop] = []
    crowds: list[Crowd] = []
    documents: list[Document] = []
    variables: list[Variable] = []
    actions: list[Action] = []
    decisions: list[Decision] = []
    injects: list[Inject] = []
    hazards: list[Hazard] = []
    endings: list[Ending] = Field(min_length=1)


def names_of(scenario: Scenario) -> Names:
    return Names(
        variables={v.id: v.type for v in scenario.variables},
        enum_values={v.id: tuple(v.values or ()) for v in scenario.variables},
        actions=frozenset(a.id for a in scenario.actions),
        roles=frozenset(r.id for r in scenario.roles),
        injects=frozenset(i.id for i in scenario.injects),
        decisions={d.id: frozenset(o.id for o in d.options) for d in scenario.decisions},
    )
