"""The NATS address a host prints and a trainee types: read back exactly, and anything else
is a sentence (ValueError), never another error."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.net.bus import parse_bus, session_name, subjects


def test_the_address_the_host_prints_reads_back() -> None:
    name = session_name("0cb93955-283b-4421-b6de-8d3b32c6b6cf")
    assert parse_bus(f"nats://127.0.0.1:4222/{name}") == ("nats://127.0.0.1:4222", name)
    assert parse_bus("nats://sites.example:4222") == ("nats://sites.example:4222", "")
    assert subjects(name)["log"] == f"taskforce.{name}.log"
    assert "." not in subjects(name)["log_stream"]  # a stream's name may hold no dots


@pytest.mark.parametrize("text", ["127.0.0.1:4222", "nats://127.0.0.1", "ws://h:1/x",
                                  "nats://h:1/a.b", "nats://:4222/x", "nats://h:99999/x"])
def test_what_is_not_a_bus_address_is_said_so(text: str) -> None:
    with pytest.raises(ValueError):
        parse_bus(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60) | st.text(max_size=40).map(lambda t: "nats://" + t))
def test_any_text_is_an_address_or_a_sentence(text: str) -> None:
    try:
        server, name = parse_bus(text)
    except ValueError as error:
        assert str(error)
    else:
        assert server.startswith("nats://") and (name == "" or name.isalnum())
