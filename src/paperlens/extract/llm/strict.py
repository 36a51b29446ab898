"""The strict JSON schema sent to the model, built by paperlens from its own pydantic models.

Strict structured outputs (OpenAI's ``json_schema`` with ``strict: true``) need
every property required, ``additionalProperties: false`` on every object and no
``default``; grammar-based servers (llama.cpp, llama-cpp-python) turn the schema
into a grammar, and a long schema costs context and time. So the schema is kept
small: no titles or descriptions (the system prompt explains the fields), a
``$defs`` entry only for a shape used more than once, short names, and
``"type": [t, "null"]`` for nullable scalars. ``Evidence.status`` is left out:
paperlens sets it when it grounds the quotes.
"""

from __future__ import annotations

import json
from functools import lru_cache

from pydantic import BaseModel

from paperlens.schema import Evidence, Fact, Tokenomics

SCHEMA_NAME = "tokenomics"
_DROP = ("title", "description", "default", "examples")
_MODEL_ONLY = {Evidence.__name__: ("status",)}  # properties the model never fills


def _resolve(node: object, defs: dict) -> object:
    """``node`` with its $refs replaced by the (cleaned) definitions, recursively."""
    if isinstance(node, list):
        return [_resolve(v, defs) for v in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[1]
        return {"$def": name, **_resolve(defs[name], defs)}
    out = {}
    for key, value in node.items():
        if key in _DROP:
            continue
        if key == "properties":
            out[key] = {k: _resolve(v, defs) for k, v in value.items()}
        else:
            out[key] = _resolve(value, defs)
    return out


def _simplify(node: object) -> object:
    """Nullable scalars as ``type: [t, null]``; strict object rules everywhere."""
    if isinstance(node, list):
        return [_simplify(v) for v in node]
    if not isinstance(node, dict):
        return node
    node = {k: (_simplify(v) if k != "properties" else {p: _simplify(s) for p, s in v.items()})
            for k, v in node.items()}
    options = node.get("anyOf")
    if isinstance(options, list) and len(options) == 2 and {"type": "null"} in options:
        other = options[0] if options[1] == {"type": "null"} else options[1]
        if set(other) == {"type"} and isinstance(other["type"], str):
            rest = {k: v for k, v in node.items() if k != "anyOf"}
            node = {**rest, "type": [other["type"], "null"]}
    if node.get("type") == "object" or "properties" in node:
        name = node.get("$def")
        props = dict(node.get("properties", {}))
        for drop in _MODEL_ONLY.get(name, ()):
            props.pop(drop, None)
        node["properties"] = props
        node["required"] = list(props)
        node["additionalProperties"] = False
        node["type"] = "object"
    return node


def _key(node: dict) -> str:
    return json.dumps(node, sort_keys=True)


def _share(schema: dict) -> dict:
    """Put shapes that occur more than once into $defs under short names."""
    counts: dict[str, int] = {}
    names: dict[str, str] = {}

    def count(node: object) -> None:
        if isinstance(node, dict):
            name = _shape_name(node)
            if name:
                key = _key(node)
                counts[key] = counts.get(key, 0) + 1
                names.setdefault(key, name)
            for value in node.values():
                count(value)
        elif isinstance(node, list):
            for value in node:
                count(value)

    count(schema)
    shared = sorted(k for k, n in counts.items() if n > 1)
    short: dict[str, str] = {}
    for key in shared:
        base = _short_name(names[key])
        name, i = base, 2
        while name in short.values():
            name, i = f"{base}{i}", i + 1
        short[key] = name
    defs: dict[str, dict] = {}

    def replace(node: object, top: bool = False) -> object:
        if isinstance(node, list):
            return [replace(v) for v in node]
        if not isinstance(node, dict):
            return node
        if _shape_name(node) and not top:
            key = _key(node)
            if key in short:
                if short[key] not in defs:
                    defs[short[key]] = replace(node, top=True)
                return {"$ref": f"#/$defs/{short[key]}"}
        return {k: (replace(v) if k != "properties" else {p: replace(s) for p, s in v.items()})
                for k, v in node.items() if k != "$def"}

    root = replace(schema, top=True)
    if defs:
        root["$defs"] = dict(sorted(defs.items()))
    return root


def _shape_name(node: dict) -> str | None:
    """The name of a shareable shape: a model, or a nullable model."""
    if "$def" in node:
        return node["$def"]
    options = node.get("anyOf")
    if isinstance(options, list) and len(node) == 1 and {"type": "null"} in options:
        named = [o for o in options if isinstance(o, dict) and "$def" in o]
        if named:
            return named[0]["$def"] + "_null"
    return None


def _short_name(name: str) -> str:
    """``Fact_float_`` -> ``Ffloat``, ``Evidence`` -> ``Ev``, ``Evidence_null`` -> ``Ev0``."""
    parts = [p for p in name.replace("'", "").split("_") if p and p.isidentifier() and p != "null"]
    if parts and parts[0] in _SHORT:
        parts[0] = _SHORT[parts[0]]
    short = "".join(parts[:2])[:12] or "D"
    return short + ("0" if name.endswith("_null") else "")


_SHORT = {"Fact": "F", "Evidence": "Ev"}


@lru_cache(maxsize=1)
def schema_json() -> str:
    """The strict schema as compact JSON text (what is sent, and hashed for the cache key)."""
    raw = Tokenomics.model_json_schema()
    defs = raw.pop("$defs", {})
    tree = _simplify(_resolve({**raw, "$def": Tokenomics.__name__}, defs))
    return json.dumps(_share(tree), separators=(",", ":"))


def llm_schema() -> dict:
    """The strict JSON schema sent to the model: Tokenomics without ``Evidence.status``."""
    return json.loads(schema_json())


MAX_ITEMS = {"allocation": 20}  # rows per list for grammar-based servers; others MAX_OTHER_ITEMS
MAX_OTHER_ITEMS = 8
MAX_CHARS = 300  # characters in any string (quotes are asked to stay under about 200)


@lru_cache(maxsize=1)
def _grammar_schema_json() -> str:
    def bound(node: object, name: str = "") -> object:
        if isinstance(node, list):
            return [bound(v) for v in node]
        if not isinstance(node, dict):
            return node
        out = {k: (bound(v) if k != "properties" else {p: bound(x, p) for p, x in v.items()})
               for k, v in node.items()}
        kinds = out.get("type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if "array" in kinds:
            out["maxItems"] = MAX_ITEMS.get(name, MAX_OTHER_ITEMS)
        if "string" in kinds and "enum" not in out:
            out["maxLength"] = MAX_CHARS
        return out

    return json.dumps(bound(llm_schema()), separators=(",", ":"))


def grammar_schema() -> dict:
    """The schema for grammar-based servers (``json_object`` with a ``schema``): the strict
    schema with every list and string bounded, so that a small model that loops cannot
    generate until its context is full."""
    return json.loads(_grammar_schema_json())


def strict_problems(schema: dict) -> list[str]:
    """Where ``schema`` breaks strict-mode rules (empty list = accepted)."""
    problems: list[str] = []
    allowed = {"type", "properties", "required", "additionalProperties", "items", "enum",
               "anyOf", "$ref", "$defs", "const"}

    def walk(node: object, path: str) -> None:
        if isinstance(node, dict):
            for key in set(node) - allowed:
                problems.append(f"{path}: keyword {key!r} not allowed")
            if "$ref" in node and len(node) > 1:
                problems.append(f"{path}: $ref with sibling keys")
            if node.get("type") == "object" or "properties" in node:
                if node.get("additionalProperties") is not False:
                    problems.append(f"{path}: additionalProperties is not false")
                missing = set(node.get("properties", {})) - set(node.get("required", []))
                if missing:
                    problems.append(f"{path}: not required: {sorted(missing)}")
            for key, value in node.items():
                if key in ("properties", "$defs"):
                    for name, sub in value.items():
                        walk(sub, f"{path}/{key}/{name}")
                elif key != "enum":
                    walk(value, f"{path}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{path}/{i}")

    walk(schema, "#")
    return problems


def _tidy(node: object) -> None:
    """Statuses back to "unchecked"; no evidence for unstated facts; a claim the model gave
    without a quote gets an empty one, which ground marks (so it is never trusted)."""
    if isinstance(node, list):
        for item in node:
            _tidy(item)
        return
    if not isinstance(node, BaseModel):
        return
    if isinstance(node, Evidence):
        node.status = "unchecked"
        return
    if "evidence" in type(node).model_fields:
        evidence = node.evidence
        if isinstance(node, Fact) and node.value is None:
            node.evidence = None
        elif evidence is None or not evidence.quote.strip():
            node.evidence = Evidence(page=evidence.page if evidence else 1, quote="")
    for name in type(node).model_fields:
        _tidy(getattr(node, name))


def parse_answer(content: str) -> Tokenomics:
    """Parse and validate a model answer; raises ValueError or ValidationError."""
    if not isinstance(content, str):
        raise ValueError(f"the answer is a {type(content).__name__}, not text")
    text = content.strip()
    if text.startswith("```"):  # JSON mode answers sometimes come fenced
        text = text.strip("`").removeprefix("json").strip()
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError(f"the answer is a JSON {type(data).__name__}, not an object")
    tokenomics = Tokenomics.model_validate(data)
    _tidy(tokenomics)
    return tokenomics
