"""The quick YAML path reads every file it takes exactly as the positioned reader does."""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.errors import TaskforceError
from engine.scenario.loader import load_scenario
from engine.scenario.yamlfast import fast_data
from engine.scenario.yamlsource import MAX_DEPTH, MAX_NODES, parse_positioned, parse_yaml

REPO = Path(__file__).resolve().parents[2]
SHIPPED = sorted((REPO / "scenarios").rglob("*.yaml"))


def same(a: Any, b: Any) -> bool:
    """Equal data with equal types (so 1 is not True) and NaN equal to NaN."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def agrees(text: str) -> bool:
    """True when the quick path declines ``text`` or reads it as the positioned reader does."""
    quick = fast_data(text, MAX_DEPTH, MAX_NODES)
    if quick is None:
        return True
    try:
        positioned = parse_positioned(text, "x.yaml").data
    except TaskforceError as error:
        raise AssertionError(f"quick path read a file the reader refuses: {error}") from None
    return same(quick, positioned)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(REPO)))
def test_shipped_files_take_the_quick_path_and_read_the_same(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert fast_data(text, MAX_DEPTH, MAX_NODES) is not None
    assert agrees(text)


def test_a_thousand_action_scenario_takes_the_quick_path(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from common import big_scenario
    finally:
        sys.path.pop(0)
    path = big_scenario(tmp_path, actions=1000, props=50, injects=50)
    assert fast_data(path.read_text(encoding="utf-8"), MAX_DEPTH, MAX_NODES) is not None
    assert len(load_scenario(path).scenario.actions) == 1000


@pytest.mark.parametrize(
    "text",
    [
        "k: 0O17\n", "k: 0X1F\n", "k: 0b101\n", "k: -0x1F\n", "k: 1_000\n", "k: _1\n",
        "k: ._5\n", "k: 7E+_8\n", "k: " + "9" * 4300 + "\n", "1: a\n", "true: a\n", "~: a\n",
        "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: !t x\n", "<<: {a: 1}\n", "a: 1\na: 2\n",
        "a: 1\n---\nb: 2\n", "- a\n", "", "# only a comment\n", "a: x\u2028y\n", "a: b: c\n",
        "? [a]\n: b\n", "a:\tb\n", "a:" + " [" * 70 + "]" * 70,
        "k: |\n  text", "k: >\n  a\n  ", "k: >\n", "k: |\n\n", "k: |+\nnext: 1\n",
    ],
)
def test_what_the_quick_path_could_read_differently_goes_to_the_positioned_reader(
    text: str,
) -> None:
    assert fast_data(text, MAX_DEPTH, MAX_NODES) is None


def test_marks_of_a_quickly_read_file_are_found_when_asked() -> None:
    text = "# a comment\ntitle: Search\nroles:\n  - id: officer\n    tags: [a, b]\n"
    source = parse_yaml(text, "x.yaml")
    positioned = parse_positioned(text, "x.yaml")
    assert source.value_marks == positioned.value_marks
    assert source.key_marks == positioned.key_marks
    assert source.locate(("roles", 0, "tags", 1)) == (5, 15)
    assert source.diagnostic(("title",), "SCN001", "m").format().startswith("x.yaml:2:8:")


_FRAGMENTS = [
    "a", "id", "x y", "0", "1.5", "-2", "true", "no", "on", "null", "~", "#c", " #c", "'q'",
    '"d"', '"e\\tf"', "a:b", "a: b", "-", "- x", "[", "]", "{", "}", ",", ":", "? ", "|", "|-",
    ">", ">-", "|2", "é", "%", "&a", "*a", "!t", "...", "---", "1e3", ".inf", "0x1F", "1_0",
    "<<", " ", "  ", "\t", "Stop!", "R&D", "5 * 3",
]
_line = st.tuples(st.sampled_from([0, 0, 1, 2, 3, 4, 6]), st.lists(st.sampled_from(_FRAGMENTS),
                  min_size=1, max_size=5)).map(lambda t: " " * t[0] + "".join(t[1]))


@settings(max_examples=400, deadline=None)
@given(lines=st.lists(_line, min_size=1, max_size=8), crlf=st.booleans(), end=st.booleans())
def test_arbitrary_lines_are_read_alike_or_declined(
    lines: list[str], crlf: bool, end: bool
) -> None:
    text = "\n".join(lines) + ("\n" if end else "")
    assert agrees(text.replace("\n", "\r\n") if crlf else text)


_content = st.sampled_from(["a", "b c", "", "  d", "# x", "e  ", " ", "   "])


@st.composite
def _block_scalar(draw: st.DrawFn, indent: int) -> str:
    header = draw(st.sampled_from(["|", ">", "|-", ">-", "|+", ">+", "|2", ">1-", "| # c"]))
    pad = " " * (indent + draw(st.sampled_from([1, 2, 4])))
    lines = draw(st.lists(_content, max_size=4))
    return header + "".join("\n" + (pad + line if line.strip() else line) for line in lines)


@st.composite
def _with_block_scalars(draw: st.DrawFn) -> str:
    entries = []
    for n in range(draw(st.integers(1, 4))):
        shape = draw(st.sampled_from(["k{}: {}", "k{}:\n  - {}", "k{}:\n  - x: {}"]))
        indent = {"k{}: {}": 0, "k{}:\n  - {}": 2, "k{}:\n  - x: {}": 4}[shape]
        entries.append(shape.format(n, draw(_block_scalar(indent))))
    return "\n".join(entries) + draw(st.sampled_from(["", "\n", "\n\n", "  ", "\n# end\n"]))


@settings(max_examples=400, deadline=None)
@given(_with_block_scalars(), st.sampled_from(["\n", "\r\n", "\r"]))
def test_literal_and_folded_values_are_read_alike_or_declined(text: str, breaks: str) -> None:
    assert agrees(text.replace("\n", breaks))


@pytest.mark.parametrize("text", ["a: |\r\n  text", "a: >\r\n  text\r\n  more", "a: |\r  text"])
def test_a_block_value_ending_a_file_without_a_line_break_reads_alike(text: str) -> None:
    """CRLF and CR files too: yaml-rs would end the value with a line break libyaml omits."""
    assert agrees(text)
    assert parse_yaml(text, "x.yaml").data["a"] in ("text", "text more")


_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30),
    st.sampled_from(["on", "yes", "1.0", "0x10", "x: y", "# z", "- z", "multi\nline", "a\tb"]),
)
_keys = st.sampled_from(["a", "id", "x_y", "on", "no", "1", "true", "when", "k2"])
_data = st.recursive(
    _scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(
    data=_data,
    flow=st.sampled_from([True, False, None]),
    style=st.sampled_from([None, '"', "'", "|", ">"]),
    width=st.sampled_from([20, 80, 1000]),
    crlf=st.booleans(),
)
def test_data_written_in_every_style_is_read_alike_or_declined(
    data: Any, flow: bool | None, style: str | None, width: int, crlf: bool
) -> None:
    text = yaml.safe_dump({"root": data}, default_flow_style=flow, default_style=style,
                          width=width, allow_unicode=True, sort_keys=False)
    assert agrees(text.replace("\n", "\r\n") if crlf else text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789+-._eExXoObBinfaINFtrue~:", min_size=1, max_size=8))
def test_every_spelling_of_a_plain_scalar_resolves_alike_or_is_declined(scalar: str) -> None:
    assert agrees(f"k: {scalar}\n")
