"""What a ``View`` is made of: plain frozen values, drawn by every presenter as they are."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from engine.core.motion import Move, Vec3
from engine.core.state import Value


@dataclass(frozen=True, slots=True)
class DocumentView:
    """A document to read; ``beside`` is the record to show next to it, side by side, when
    the scenario compares the two and both are at hand."""

    id: str
    kind: str
    title_id: str
    body_id: str
    beside: DocumentView | None = None


@dataclass(frozen=True, slots=True)
class PropView:
    id: str
    asset: str
    name_id: str
    position: Vec3
    rotation: Vec3
    scale: Vec3
    interactable: bool
    documents: tuple[DocumentView, ...] = ()
    role: str | None = None
    agency: str | None = None
    role_name_id: str | None = None
    open: bool = False
    move: Move | None = None  # while it is on its way: from where, to where, and when


@dataclass(frozen=True, slots=True)
class CrowdView:
    """People or vehicles standing about: each member's position and heading, and whether
    it is walking (joining or leaving the crowd)."""

    id: str
    name_id: str
    asset: str
    members: tuple[tuple[Vec3, float, bool], ...]


@dataclass(frozen=True, slots=True)
class ActionView:
    """Something the trainee can do: an action of their own, or (with ``partner``) asking the
    partner for one, by radio or phone (``View.at_hand``) or face to face (on the partner's
    figure in ``View.interactables``)."""

    id: str
    verb: str
    label_id: str
    partner: str | None = None  # the role asked
    via: str | None = None  # "radio", "phone" or "face_to_face", when asking


@dataclass(frozen=True, slots=True)
class OptionView:
    id: str
    label_id: str


@dataclass(frozen=True, slots=True)
class DecisionView:
    id: str
    prompt_id: str
    options: tuple[OptionView, ...]
    rationale: str
    time_left_ms: int | None


@dataclass(frozen=True, slots=True)
class VariableView:
    id: str
    label_id: str
    value: Value
    unit: str | None
    value_id: str | None = None  # the words for an enum value, when the scenario gives them


@dataclass(frozen=True, slots=True)
class HazardView:
    """``level`` runs from 0 at the hazard's lowest threshold to 1 where the scenario says
    it has become a disaster (a failure ending's bound on the variable)."""

    id: str
    name_id: str
    prop: str | None
    variable: str
    value: float
    low: float
    high: float
    level: float
    position: Vec3 | None = None


@dataclass(frozen=True, slots=True)
class View:
    scenario: str
    role: str
    t_ms: int
    time_limit_ms: int
    title_id: str
    briefing_id: str | None
    objective_ids: tuple[str, ...]
    props: tuple[PropView, ...]
    interactables: Mapping[str, tuple[ActionView, ...]]
    at_hand: tuple[ActionView, ...]
    decisions: tuple[DecisionView, ...]
    variables: tuple[VariableView, ...]
    hazards: tuple[HazardView, ...]
    ending: str | None = None
    outcome: str | None = None
    ending_message_id: str | None = None
    ending_values: Mapping[str, Value] = field(default_factory=dict)
    crowds: tuple[CrowdView, ...] = ()
    documents: tuple[DocumentView, ...] = ()  # received with injects and actions, to reread

    @property
    def ended(self) -> bool:
        return self.ending is not None

    def prop(self, prop_id: str) -> PropView | None:
        return next((p for p in self.props if p.id == prop_id), None)

    def prop_of_action(self, action_id: str) -> str | None:
        """The visible prop that offers ``action_id``, if any."""
        return next((p for p, acts in self.interactables.items()
                     if any(a.id == action_id for a in acts)), None)
