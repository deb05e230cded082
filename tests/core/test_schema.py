"""The JSON Schema (`simulator schema`): every key described with an example from one source
(simulator.schema_docs) that docs/format.md's key table agrees with; every scenario we ship or test
validates against it with jsonschema, and every fixture that is wrong in its shape fails it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from pydantic import ValidationError

from simulator import model as m
from simulator.model import ScenarioModel, json_schema
from simulator.schema_docs import KEY_DOCS
from simulator.yamlread import read

ROOT = Path(__file__).resolve().parents[2]
VALID = sorted((ROOT / "tests" / "scenarios" / "valid").glob("*.yaml")) + sorted((ROOT / "scenarios").glob("*.yaml"))
INVALID = sorted((ROOT / "tests" / "scenarios" / "invalid").glob("*.yaml"))
VALIDATORS = {"07": jsonschema.Draft7Validator, "2020-12": jsonschema.Draft202012Validator}


def _data(path: Path):
    doc = read(path.read_text(encoding="utf-8"))
    return doc


@pytest.fixture(scope="module", params=sorted(VALIDATORS))
def validator(request):
    schema = json_schema(request.param)
    cls = VALIDATORS[request.param]
    cls.check_schema(schema)  # the schema itself is valid in its dialect
    return cls(schema)


def test_there_are_scenarios_to_check():
    assert len([p for p in VALID if p.parent.name == "scenarios"]) >= 15
    assert len(INVALID) > 50


@pytest.mark.parametrize("path", VALID, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_bundled_scenario_and_valid_fixture_passes(path, validator):
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(_data(path).data)]
    assert errors == []


def _structurally_invalid(path: Path) -> bool:
    """Invalid in its shape: the file reads as YAML, and the pydantic models (the schema's source) reject it."""
    try:
        doc = _data(path)
    except Exception:  # noqa: BLE001 - a YAML limit: no data to check
        return False
    if doc.problems or not isinstance(doc.data, dict):
        return False
    try:
        ScenarioModel.model_validate(doc.data)
    except ValidationError:
        return True
    return False


STRUCTURAL = [p for p in INVALID if _structurally_invalid(p)]


def test_many_invalid_fixtures_are_wrong_in_shape():
    assert len(STRUCTURAL) >= 12


@pytest.mark.parametrize("path", STRUCTURAL, ids=lambda p: p.name)
def test_every_structurally_invalid_fixture_fails(path, validator):
    assert list(validator.iter_errors(_data(path).data)), f"{path.name} should fail the schema"


def test_a_typo_in_a_key_is_an_error_an_editor_can_show():
    schema = json_schema()
    data = read((ROOT / "tests" / "scenarios" / "valid" / "spec-example.yaml").read_text(encoding="utf-8")).data
    data = json.loads(json.dumps(data))
    first = next(iter(data["nodes"].values()))
    first["choices"][0]["gotoo"] = first["choices"][0].pop("goto")
    messages = [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(data)]
    assert any("gotoo" in msg for msg in messages)


def _models():
    out = {}
    for name in KEY_DOCS:
        out[name] = getattr(m, name)
    return out


def test_every_key_of_every_model_has_a_description_and_an_example():
    models = {name: cls for name, cls in vars(m).items() if isinstance(cls, type) and issubclass(cls, m._Model) and cls is not m._Model}
    assert set(models) == set(KEY_DOCS)
    for name, cls in models.items():
        keys = {f.alias or k for k, f in cls.model_fields.items()}
        assert keys == set(KEY_DOCS[name]), name
        for key, (description, example) in KEY_DOCS[name].items():
            assert description.endswith(".") and len(description) > 10, (name, key)
            assert example is not None, (name, key)


@pytest.mark.parametrize("draft", sorted(VALIDATORS))
def test_every_property_in_the_schema_carries_its_description_and_example(draft):
    schema = json_schema(draft)
    defs = schema["definitions" if draft == "07" else "$defs"]
    for where in [schema, *defs.values()]:
        for key, prop in where.get("properties", {}).items():
            assert prop.get("description") and prop.get("examples"), (where.get("title"), key)


def test_draft_07_has_no_keyword_beside_a_ref():
    """Draft-07 ignores keywords next to $ref: descriptions there would never reach an editor."""
    def walk(value):
        if isinstance(value, dict):
            assert not ("$ref" in value and len(value) > 1), value
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    schema = json_schema("07")
    walk(schema)
    assert schema["properties"]["scoring"]["description"].startswith("How the total is weighted")


def test_each_example_is_valid_for_its_key():
    schema = json_schema("07")
    defs = schema["definitions"]
    for name, docs in KEY_DOCS.items():
        props = (schema if name == "ScenarioModel" else defs[name])["properties"]
        for key, (_, example) in docs.items():
            sub = dict(props[key], definitions=defs)
            errors = list(jsonschema.Draft7Validator(sub).iter_errors(example))
            assert not errors, (name, key, errors[0].message if errors else "")


def _glance_keys() -> set[str]:
    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    table = text.split("## Every key at a glance", 1)[1].split("\n## ", 1)[0]
    keys: set[str] = set()
    for row in table.splitlines():
        if row.startswith("| `"):
            first = row.split("|")[1]
            keys.update(re.findall(r"`([a-z_]+)`", first))
    return keys


def test_docs_format_lists_exactly_the_keys_of_the_schema():
    documented = {key for docs in KEY_DOCS.values() for key in docs}
    assert _glance_keys() == documented


def test_cli_prints_draft_07_by_default_and_2020_12_on_request():
    def run(*args):
        return subprocess.run([sys.executable, "-m", "simulator", "schema", *args], capture_output=True, text=True, cwd=ROOT)

    default = json.loads(run().stdout)
    assert default["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "Choice" in default["definitions"] and "$defs" not in json.dumps(default)
    newer = json.loads(run("--draft", "2020-12").stdout)
    assert newer["$schema"] == "https://json-schema.org/draft/2020-12/schema" and "Choice" in newer["$defs"]
    bad = run("--draft", "4")
    assert bad.returncode == 2 and "invalid choice" in bad.stderr
