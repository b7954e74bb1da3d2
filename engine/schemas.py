"""JSON Schemas of the authored file kinds, for editors (yaml-language-server) and docs."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


def model_for(kind: str) -> type[BaseModel]:
    if kind == "scenario":
        from engine.scenario.schema import Scenario

        return Scenario
    if kind == "walkthrough":
        from engine.scenario.walkthrough import Walkthrough

        return Walkthrough
    if kind == "checklist":
        from grading.checklist import Checklist

        return Checklist
    raise ValueError(f"unknown kind {kind!r}")


def json_schema(kind: str) -> dict[str, Any]:
    schema = model_for(kind).model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://taskforce-vr.invalid/schema/{kind}.schema.json",
        **schema,
    }
