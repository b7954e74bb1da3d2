"""A flow mapping left open is one located YML005 line that names what is missing."""

from __future__ import annotations

from tests.unit.test_yamlsource import only


def test_a_flow_mapping_missing_its_closing_brace() -> None:
    line = only("props:\n  - {id: crate, name: Crate\n    asset: models/box.glb\nroles: []\n")
    assert "YML005" in line
    assert "expected ',' or '}' in the mapping from line 2" in line
