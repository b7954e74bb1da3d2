"""Reading YAML safely: 1.2 scalars, positions, and every YML problem located exactly."""

from __future__ import annotations

import math
import os
import random
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from engine.errors import TaskforceError
from engine.scenario.yamlsource import MAX_BYTES, MAX_DEPTH, MAX_NODES, load_yaml, parse_yaml

REPO = Path(__file__).resolve().parents[2]


def problems(data: str | bytes) -> list[str]:
    with pytest.raises(TaskforceError) as caught:
        parse_yaml(data, "x.yaml")
    return [d.format() for d in caught.value.diagnostics]


def only(data: str | bytes) -> str:
    found = problems(data)
    assert len(found) == 1, found
    return found[0]


def billion_laughs() -> str:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    return "\n".join(lines) + "\n"


DEEP_FLOW = "x: " + "[" * 10_000 + "]" * 10_000 + "\n"
DEEP_MAP = "a: {" * 10_000 + "}" * 10_000 + "\n"
OS_SYSTEM = "!!python/object/apply:os.system ['echo hi']"


# --- scalars: YAML 1.2 core schema ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("on", "on"),
        ("off", "off"),
        ("yes", "yes"),
        ("no", "no"),
        ("y", "y"),
        ("n", "n"),
        ("2024-01-01", "2024-01-01"),
        ("1:30", "1:30"),
        ("1_000", "1_000"),
        ("0b101", "0b101"),
        ("true", True),
        ("True", True),
        ("FALSE", False),
        ("null", None),
        ("Null", None),
        ("~", None),
        ("", None),
        ("42", 42),
        ("-7", -7),
        ("+3", 3),
        ("012", 12),
        ("0o17", 15),
        ("0x1F", 31),
        ("1.5", 1.5),
        ("-.5", -0.5),
        ("1e3", 1000.0),
        ("6.02E+23", 6.02e23),
        (".inf", math.inf),
        ("-.Inf", -math.inf),
        ("'true'", "true"),
        ('"42"', "42"),
        ("'null'", "null"),
        ("!!str 7", "7"),
        ("!!float 7", 7.0),
        ("!!int 0x10", 16),
        ("! 7", "7"),
    ],
)
def test_scalars_follow_yaml_1_2_core_schema(text: str, value: object) -> None:
    got = parse_yaml(f"v: {text}\n", "x.yaml").data["v"]
    assert got == value
    assert type(got) is type(value)


def test_nan_and_block_scalars() -> None:
    data = parse_yaml("a: .nan\nb: |\n  12\nc: >\n  true\n", "x.yaml").data
    assert math.isnan(data["a"])
    assert data["b"] == "12\n"
    assert data["c"] == "true\n"


def test_keys_are_always_text() -> None:
    assert parse_yaml("1: a\ntrue: b\nnull: c\n", "x.yaml").data == {
        "1": "a",
        "true": "b",
        "null": "c",
    }


# --- positions -----------------------------------------------------------------------------


def test_positions_of_nested_keys_and_list_items() -> None:
    source = parse_yaml(
        textwrap.dedent(
            """\
            title: Raid
            roles:
              - id: officer
                name: Officer
              - {id: analyst, tags: [a, b]}
            settings:
              limit: 30
            """
        ),
        "x.yaml",
    )
    assert source.locate(()) == (1, 1)
    assert source.locate(("title",)) == (1, 8)
    assert source.locate(("title",), key=True) == (1, 1)
    assert source.locate(("roles",)) == (3, 3)
    assert source.locate(("roles", 0)) == (3, 5)
    assert source.locate(("roles", 0, "name")) == (4, 11)
    assert source.locate(("roles", 0, "name"), key=True) == (4, 5)
    assert source.locate(("roles", 1)) == (5, 5)
    assert source.locate(("roles", 1, "tags", 1)) == (5, 29)
    assert source.locate(("settings", "limit"), key=True) == (7, 3)
    # Unknown places fall back to the nearest known ancestor, keys to the value.
    assert source.locate(("roles", 0, "nope", 3)) == (3, 5)
    assert source.locate(("settings", "nope"), key=True) == (7, 3)
    assert source.locate(("nothing",)) == (1, 1)
    d = source.diagnostic(("roles", 0, "id"), "SCN016", "bad id")
    assert d.format() == "x.yaml:3:9: error SCN016: bad id"


def test_bom_crlf_and_wide_characters() -> None:
    source = parse_yaml("\ufeffa: 1\r\nbé: [x, ü]\r\n".encode(), "x.yaml")
    assert source.data == {"a": 1, "bé": ["x", "ü"]}
    assert source.locate(("a",), key=True) == (1, 1)
    assert source.locate(("bé", 1)) == (2, 9)


def test_alias_shares_the_anchored_value() -> None:
    data = parse_yaml("base: &b {x: 1}\ncopy: *b\nn: &n 3\nm: *n\n", "x.yaml").data
    assert data["copy"] == {"x": 1}
    assert data["m"] == 3


# --- every YML code, located ------------------------------------------------------------------


def test_yml001_missing_file_and_folder(tmp_path: Path) -> None:
    for path in (tmp_path / "nope.yaml", tmp_path):
        with pytest.raises(TaskforceError) as caught:
            load_yaml(path, display_path="s.yaml")
        assert caught.value.diagnostics[0].format().startswith("s.yaml:1:1: error YML001:")


def test_yml002_size_checked_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with open(big, "wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(TaskforceError) as caught:
        load_yaml(big)
    line = caught.value.diagnostics[0].format()
    assert line.startswith(f"{big}:1:1: error YML002: the file is {MAX_BYTES + 1:,} bytes")
    assert f"{MAX_BYTES:,}" in line
    assert only(b"a: 1\n" + b"#" * MAX_BYTES).startswith("x.yaml:1:1: error YML002:")


def test_yml003_latin1_text_located_at_first_bad_byte() -> None:
    line = only("id: x\ntitle: Café\n".encode("latin-1"))
    assert line.startswith("x.yaml:2:11: error YML003: the file is not valid UTF-8 text")


def test_yml004_nul_in_the_middle() -> None:
    assert only(b"a: 1\nb: x\x00y\n").startswith("x.yaml:2:5: error YML004:")


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("a: b: c\n", "x.yaml:1:5: error YML005: a ':' is not allowed here"),
        ("a:\n  - x\n - y\n", "x.yaml:3:2: error YML005: this line does not fit the mapping"),
        ("a: 'open\nb: 2\n", "x.yaml:3:1: error YML005: the quoted value that opens on line 1"),
        ("a: [1, 2\n", "x.yaml:2:1: error YML005: expected ',' or ']'"),
        ("a: 1\n\tb: 2\n", "x.yaml:2:1: error YML005: a tab cannot be used for indentation"),
        ("a: @x\n", "x.yaml:1:4: error YML005: the character '@' cannot start a value"),
        ("a: 1\nb: \x07\n", "x.yaml:2:4: error YML005: the control character U+0007"),
        ("a: *nowhere\n", "x.yaml:1:4: error YML005: the alias '*nowhere' has no anchor"),
    ],
)
def test_yml005_syntax_errors(text: str, start: str) -> None:
    assert only(text).startswith(start)


def test_yml006_every_duplicate_key_in_one_pass() -> None:
    found = problems("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n<<: 1\n<<: 2\n")
    assert [line.split(" the key")[0] for line in found] == [
        "x.yaml:4:3: error YML006:",
        "x.yaml:5:1: error YML006:",
        "x.yaml:7:1: error YML006:",
    ]
    assert "'c' is already used on line 3" in found[0]
    assert "merge keys are not supported" in found[2]


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("cmd: !!python/object/apply:os.system ['echo hi']\n", "x.yaml:1:6: error YML007:"),
        ("a: 1\nb: !include other.yaml\n", "x.yaml:2:4: error YML007:"),
        ("a: !Ref thing\n", "x.yaml:1:4: error YML007:"),
        ("a: !!binary aGk=\n", "x.yaml:1:4: error YML007:"),
        ("a: !!int abc\n", "x.yaml:1:4: error YML007: the tag !!int does not fit"),
        ("a: !!map [1]\n", "x.yaml:1:4: error YML007: the tag !!map does not fit"),
    ],
)
def test_yml007_tags(text: str, start: str) -> None:
    assert only(text).startswith(start)


def test_yml007_names_python_tag_briefly() -> None:
    assert "!!python/object/apply:os.system is not allowed" in only(
        "cmd: !!python/object/apply:os.system ['echo hi']\n"
    )


def test_yml008_deep_flow_sequence() -> None:
    # The root mapping is level 1, so the 64th '[' is the node that crosses the limit.
    assert only(DEEP_FLOW).startswith(f"x.yaml:1:{3 + MAX_DEPTH}: error YML008:")


def test_yml008_deep_flow_mapping() -> None:
    assert only(DEEP_MAP).startswith(f"x.yaml:1:{4 * MAX_DEPTH}: error YML008:")


def test_yml008_deep_block_nesting() -> None:
    text = "".join("  " * i + "a:\n" for i in range(MAX_DEPTH + 5))
    assert only(text).startswith(f"x.yaml:{MAX_DEPTH + 1}:{2 * MAX_DEPTH + 1}: error YML008:")


def test_yml009_billion_laughs() -> None:
    assert only(billion_laughs()).startswith("x.yaml:6:12: error YML009: the alias '*e'")


def test_yml009_too_many_plain_values() -> None:
    # Counted: the root mapping, the key 'a', the list, then one per item.
    text = "a:\n" + "- 1\n" * MAX_NODES
    assert only(text).startswith(f"x.yaml:{MAX_NODES - 1}:3: error YML009: the file holds")


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("- a\n- b\n", "x.yaml:1:1: error YML010:"),
        ("just words\n", "x.yaml:1:1: error YML010:"),
        ("\n\n  [1, 2]\n", "x.yaml:3:3: error YML010:"),
        ("'quoted'\n", "x.yaml:1:1: error YML010:"),
    ],
)
def test_yml010_top_level_not_a_mapping(text: str, start: str) -> None:
    assert only(text).startswith(start)


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("", "x.yaml:1:1: error YML011: the file is empty"),
        ("# only a comment\n", "x.yaml:1:1: error YML011: the file is empty"),
        ("---\n", "x.yaml:1:1: error YML011: the file is empty"),
        ("a: 1\n---\nb: 2\n", "x.yaml:2:1: error YML011: the file holds more than one"),
    ],
)
def test_yml011_empty_or_several_documents(text: str, start: str) -> None:
    assert only(text).startswith(start)


def test_yml012_keys_that_are_collections() -> None:
    assert problems("? [a, b]\n: 1\nok:\n  {x: 1}: 2\n") == [
        "x.yaml:1:3: error YML012: a mapping key must be a single plain value, not a list or "
        "mapping",
        "x.yaml:4:3: error YML012: a mapping key must be a single plain value, not a list or "
        "mapping",
    ]


# --- hostile inputs --------------------------------------------------------------------------


def test_random_binary_bytes() -> None:
    found = problems(random.Random(7).randbytes(64 * 1024))
    assert found
    assert all(line.startswith("x.yaml:") for line in found)
    assert {line.split(" error ")[1][:6] for line in found} <= {"YML003", "YML004"}


def test_recursive_alias_is_refused() -> None:
    assert only("a: &x [1, *x]\n").startswith("x.yaml:1:11: error YML005:")


def _write(text: str | bytes) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_bytes(text if isinstance(text, bytes) else text.encode())

    return write


def _sparse(path: Path) -> None:
    with open(path, "wb") as handle:
        handle.truncate(MAX_BYTES * 4)


_CHILD = """\
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (300 << 20, 300 << 20))
from engine.errors import TaskforceError
from engine.scenario.yamlsource import load_yaml
try:
    load_yaml(sys.argv[1], display_path="h.yaml")
except TaskforceError as error:
    print(error)
    sys.exit(3)
print("loaded")
"""


HOSTILE = [
    pytest.param(_write(billion_laughs()), "h.yaml:6:12: error YML009:", id="laughs"),
    pytest.param(_write(DEEP_FLOW), f"h.yaml:1:{3 + MAX_DEPTH}: error YML008:", id="deep-flow"),
    pytest.param(_write(DEEP_MAP), f"h.yaml:1:{4 * MAX_DEPTH}: error YML008:", id="deep-map"),
    pytest.param(_sparse, "h.yaml:1:1: error YML002:", id="huge"),
    pytest.param(_write(random.Random(7).randbytes(64 * 1024)), "h.yaml:", id="binary"),
    pytest.param(_write("t: Café\n".encode("latin-1")), "h.yaml:1:7: error YML003:", id="latin1"),
    pytest.param(_write(b"a: 1\nb: x\x00y\n"), "h.yaml:2:5: error YML004:", id="nul"),
    pytest.param(_write("42\n"), "h.yaml:1:1: error YML010:", id="scalar"),
    pytest.param(_write("- a\n"), "h.yaml:1:1: error YML010:", id="list"),
    pytest.param(_write(f"cmd: {OS_SYSTEM}\n"), "h.yaml:1:6: error YML007:", id="tag"),
]


@pytest.mark.parametrize(("write", "start"), HOSTILE)
def test_hostile_input_in_a_memory_limited_process(
    tmp_path: Path, write: Callable[[Path], None], start: str
) -> None:
    path = tmp_path / "hostile.yaml"
    write(path)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=tmp_path,
    )
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout.startswith(start)
