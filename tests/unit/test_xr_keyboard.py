"""The headset keyboard's text editing (engine.interact.keys), without a runtime or Panda3D:
what each key does to the rationale being typed, and when Done may hand it over."""

from __future__ import annotations

import pytest

from engine.interact.keys import BACK, CHARACTER_ROWS, DONE, MAX_CHARS, SPACE, Typing, layout


def press(typing: Typing, keys: list[str]) -> list[bool]:
    return [typing.press(k) for k in keys]


def test_letters_space_and_backspace_edit_the_text() -> None:
    typing = Typing(required=True)
    press(typing, [*"too", SPACE, *"hott", BACK])
    assert typing.text == "Too hot"  # a sentence starts with a capital
    press(typing, [".", SPACE, *"seal"])
    assert typing.text == "Too hot. Seal"


def test_no_leading_or_doubled_spaces_and_backspace_on_nothing_is_harmless() -> None:
    typing = Typing(required=False)
    press(typing, [SPACE, BACK, BACK, *"a", SPACE, SPACE, "b"])
    assert typing.text == "A b"


def test_done_is_refused_while_a_required_rationale_is_blank() -> None:
    typing = Typing(required=True)
    assert typing.press(DONE) is False
    press(typing, [*"ok", SPACE])
    assert typing.press(DONE) is True
    assert typing.reason == "Ok"  # handed over without the trailing space
    press(typing, [BACK, BACK, BACK])
    assert typing.text == "" and not typing.can_finish


def test_an_optional_rationale_may_be_left_blank() -> None:
    typing = Typing(required=False)
    assert typing.press(DONE) is True and typing.reason == ""


def test_the_text_stops_growing_at_its_limit() -> None:
    typing = Typing(required=True)
    press(typing, ["x"] * (MAX_CHARS + 20))
    assert len(typing.text) == MAX_CHARS
    typing.press(BACK)
    assert len(typing.text) == MAX_CHARS - 1


@pytest.mark.parametrize("key", ["", "ab", "shift"])
def test_unknown_keys_type_nothing(key: str) -> None:
    typing = Typing(required=True, text="Go")
    assert typing.press(key) is False and typing.text == "Go"


def test_the_layout_has_every_key_once_in_rows_that_do_not_overlap() -> None:
    keys = layout()
    names = [k.name for k in keys]
    assert sorted(names) == sorted([*"".join(CHARACTER_ROWS), SPACE, BACK, DONE])
    for row in {k.row for k in keys}:
        spans = sorted((k.column, k.column + k.width) for k in keys if k.row == row)
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
        assert spans[-1][1] <= 10
