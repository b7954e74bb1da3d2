"""Checks on the words of a scenario: the live values its messages name.

A message (inject content, an action's or outcome's message, a partner's answer or refusal,
an ending) is sent with the values of the variables it names, ``{pallet_temp}``; any other
text (names, labels, briefings, documents) is shown as written.
"""

from __future__ import annotations

from collections.abc import Iterator

from engine.errors import did_you_mean
from engine.scenario.schema import Scenario
from engine.scenario.strings import fields_in

Loc = tuple[str | int, ...]
Problem = tuple[Loc, str, str, str | None]


def live_texts(s: Scenario) -> Iterator[tuple[Loc, str]]:
    """The messages that are sent with the values of the variables they name."""
    for n, inject in enumerate(s.injects):
        yield ("injects", n, "content"), inject.content
    for n, action in enumerate(s.actions):
        if action.message is not None:
            yield ("actions", n, "message"), action.message
        for m, outcome in enumerate(action.outcomes):
            if outcome.message is not None:
                yield ("actions", n, "outcomes", m, "message"), outcome.message
    for n, ending in enumerate(s.endings):
        yield ("endings", n, "message"), ending.message
    for n, role in enumerate(s.roles):
        for m, asked in enumerate(role.on_request):
            at: Loc = ("roles", n, "on_request", m)
            if asked.answer is not None:
                yield (*at, "answer"), asked.answer
            for k, refusal in enumerate(asked.refusals):
                yield (*at, "refusals", k, "reason"), refusal.reason


def still_texts(s: Scenario) -> Iterator[tuple[Loc, str]]:
    """The texts shown as written: names, labels, briefings, documents."""
    for n, role in enumerate(s.roles):
        yield ("roles", n, "name"), role.name
        if role.briefing is not None:
            yield ("roles", n, "briefing"), role.briefing
    for n, prop in enumerate(s.props):
        yield ("props", n, "name"), prop.name
    for n, crowd in enumerate(s.crowds):
        yield ("crowds", n, "name"), crowd.name
    for n, document in enumerate(s.documents):
        yield ("documents", n, "title"), document.title
        yield ("documents", n, "body"), document.body
    for n, variable in enumerate(s.variables):
        if variable.label is not None:
            yield ("variables", n, "label"), variable.label
    for n, action in enumerate(s.actions):
        yield ("actions", n, "label"), action.label
    for n, role in enumerate(s.roles):
        for m, asked in enumerate(role.on_request):
            if asked.label is not None:
                yield ("roles", n, "on_request", m, "label"), asked.label
    for n, decision in enumerate(s.decisions):
        yield ("decisions", n, "prompt"), decision.prompt
        for m, option in enumerate(decision.options):
            yield ("decisions", n, "options", m, "label"), option.label


def text_problems(s: Scenario) -> Iterator[Problem]:
    """``{name}`` in a message must name a variable; in any other text it would show as written."""
    variables = {v.id for v in s.variables}
    for loc, text in live_texts(s):
        for name, _offset in fields_in(text):
            if name not in variables:
                hint = did_you_mean(name, variables) or "write {{ and }} for a literal brace"
                message = f"the message names '{{{name}}}', which is not a variable"
                yield loc, "SCN019", message, hint
    for loc, text in still_texts(s):
        for name, _offset in fields_in(text):
            if name in variables:
                yield (loc, "SCN020", f"'{{{name}}}' would show as written: only messages "
                       "(inject content, action, answer and ending messages) fill in live values",
                       None)
