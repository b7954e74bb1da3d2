"""Message cards: what the core just said to this role, as cards that wait their turn.

An inject delivered to the role, the confirmation of an action or a choice, a refusal, a
decision that ran out of time: each becomes a card. At most ``VISIBLE`` show at once, in the
order they came; the rest wait, and nothing is dropped. While a long text is open the cards
are held: hidden, their time stopped.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from engine.core.program import Program
from engine.core.state import Event
from engine.core.view import delivered_to
from engine.interact.lines import Line, filled, say
from engine.interact.screen import Card
from engine.scenario.strings import string_id

VISIBLE = 3
SECONDS = {"message": 12.0, "done": 7.0, "refused": 6.0, "notice": 8.0}
KNOWN_REFUSALS = frozenset({"already_done", "wrong_role", "not_available", "ended",
                            "rationale_required", "not_open", "engine_plays_role"})


@dataclass
class _Waiting:
    card: Card
    left: float


class CardQueue:
    def __init__(self) -> None:
        self.waiting: list[_Waiting] = []
        self.next_key = 1
        self.arrived = 0  # cards added since the last ``shown``

    def add(self, header: Line, body: Line | None, tone: str) -> None:
        self.waiting.append(_Waiting(Card(self.next_key, header, body, tone), SECONDS[tone]))
        self.next_key += 1
        self.arrived += 1

    def tick(self, dt: float, held: bool) -> None:
        if held:
            return
        for waiting in self.waiting[:VISIBLE]:
            waiting.left -= dt
        self.waiting = [w for w in self.waiting if w.left > 0]

    def shown(self, held: bool) -> tuple[Card, ...]:
        return () if held else tuple(w.card for w in self.waiting[:VISIBLE])


class Announcer:
    """Turns the core's events into the cards a trainee playing ``role`` is shown."""

    def __init__(self, program: Program, role: str) -> None:
        self.program, self.role = program, role
        s = program.scenario
        self.sid = s.id
        self.agency = {r.id: r.agency for r in s.roles}
        self.messages = {a.id: a.message is not None for a in s.actions}
        self.outcome_messages = {(a.id, o.id) for a in s.actions for o in a.outcomes
                                 if o.message is not None}
        self.answers = {(r.id, asked.action) for r in s.roles for asked in r.on_request
                        if asked.answer is not None}

    def _s(self, key: str, **args: Line | str | int | float) -> Line:
        return say(string_id(self.sid, key), **args)

    def cards(self, events: Sequence[Event]) -> Iterator[tuple[Line, Line | None, str]]:
        for event in events:
            if not delivered_to(self.program, event, self.role):
                continue
            data = event.data
            if event.kind == "inject_fired":
                sender = str(data["from"])
                header = say("ui/card_header", delivery=say(f"ui/delivery/{data['delivery']}"),
                             sender=self._s(f"role/{sender}/name"),
                             agency=say(f"ui/agency/{self.agency.get(sender, 'other')}"))
                content = string_id(self.sid, f"inject/{data['inject']}/content")
                body = filled(content, data.get("values"))
                for document in data.get("documents", ()):
                    body = say("ui/attached", text=body,
                               title=self._s(f"document/{document}/title"))
                yield header, body, "message"
            elif event.kind == "performed" and data.get("role") == self.role:
                yield self._done(str(data["action"]), data.get("outcome"), data.get("values"))
            elif event.kind == "performed" and data.get("asked_by") == self.role:
                yield (say("ui/done_for_you", partner=self._s(f"role/{data['role']}/name"),
                           action=self._s(f"action/{data['action']}/label")), None, "done")
            elif event.kind == "answered" and data.get("to") == self.role:
                yield self._answer(data)
            elif event.kind == "asked" and data.get("partner") == self.role:
                yield (say("ui/asked", partner=self._s(f"role/{data['role']}/name"),
                           action=self._s(f"action/{data['action']}/label")), None, "message")
            elif event.kind == "decided" and data.get("role") == self.role:
                decision, option = str(data["decision"]), str(data["option"])
                yield (say("ui/decided", option=self._s(
                    f"decision/{decision}/option/{option}/label")), None, "done")
            elif event.kind == "decision_timed_out":
                decision = str(data["decision"])
                prompt = self._s(f"decision/{decision}/prompt")
                chosen = data.get("option")
                if chosen is None:
                    yield say("ui/timed_out", prompt=prompt), None, "notice"
                else:
                    yield (say("ui/timed_out_default", prompt=prompt, option=self._s(
                        f"decision/{decision}/option/{chosen}/label")), None, "notice")
            elif event.kind == "refused" and data.get("role") == self.role:
                yield self._refused(data), None, "refused"

    def _done(self, action: str, outcome: object, values: object
              ) -> tuple[Line, Line | None, str]:
        body = None
        if outcome is not None and (action, outcome) in self.outcome_messages:
            body = filled(string_id(self.sid, f"action/{action}/outcome/{outcome}/message"),
                          values)
        elif self.messages.get(action):
            body = filled(string_id(self.sid, f"action/{action}/message"), values)
        return say("ui/done_card", action=self._s(f"action/{action}/label")), body, "done"

    def _answer(self, data: Mapping[str, object]) -> tuple[Line, Line | None, str]:
        """A partner's answer to what this role asked of them: agreed, or why not."""
        partner, action = str(data["partner"]), str(data.get("action", ""))
        key = f"role/{partner}/on_request/{action}"
        if data.get("answer") == "agreed":
            words = filled(string_id(self.sid, f"{key}/answer"), data.get("values")) \
                if (partner, action) in self.answers else say("ui/answer/agreed")
            tone = "done"
        elif "refusal" in data:
            words = filled(string_id(self.sid, f"{key}/refusal/{data['refusal']}/reason"),
                           data.get("values"))
            tone = "refused"
        else:
            words, tone = say(f"ui/answer/{data.get('reason')}"), "refused"
        header = say("ui/answer_header", delivery=say(f"ui/delivery/{data.get('via')}"),
                     sender=self._s(f"role/{partner}/name"))
        return header, words, tone

    def _refused(self, data: Mapping[str, object]) -> Line:
        reason = str(data.get("reason", ""))
        key = f"ui/refused/{reason}" if reason in KNOWN_REFUSALS else "ui/refused"
        if data.get("do") is not None:
            what = self._s(f"action/{data['do']}/label")
        else:
            what = self._s(f"decision/{data.get('choose')}/prompt")
        return say(key, action=what)
