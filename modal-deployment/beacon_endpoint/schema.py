"""Tiny JSON Schema validator (draft 2020-12, the keyword subset used by the contract in
../contracts/regional-endpoint/)."""

from __future__ import annotations

import json
import re
from typing import Any, Mapping, Optional

from .jsontypes import is_integer, is_number, json_type_name

SCHEMA_KEYWORDS: frozenset[str] = frozenset(
    {
        "type", "required", "properties", "additionalProperties", "enum", "const",
        "minimum", "maximum", "exclusiveMinimum", "minLength", "maxLength", "items",
        "minItems", "pattern", "oneOf", "$ref",
    }
)
ANNOTATION_KEYWORDS: frozenset[str] = frozenset(
    {"$schema", "$id", "$comment", "title", "description", "$defs"}
)
_JSON_TYPES = frozenset({"null", "boolean", "integer", "number", "string", "array", "object"})


def _json_equal(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if is_number(a) or is_number(b):
        return is_number(a) and is_number(b) and a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_json_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_json_equal(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def _matches_type(value: Any, type_name: str) -> bool:
    if type_name == "null":
        return value is None
    if type_name == "boolean":
        return isinstance(value, bool)
    if type_name == "integer":
        return is_integer(value)
    if type_name == "number":
        return is_number(value)
    if type_name == "string":
        return isinstance(value, str)
    if type_name == "array":
        return isinstance(value, list)
    if type_name == "object":
        return isinstance(value, dict)
    raise ValueError(f"unsupported JSON type {type_name!r}")


def _resolve_ref(root: Mapping[str, Any], ref: str) -> Mapping[str, Any]:
    if not ref.startswith("#/$defs/"):
        raise ValueError(f"unsupported $ref {ref!r} (only '#/$defs/...' is allowed)")
    node: Any = root
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or part not in node:
            raise ValueError(f"unresolvable $ref {ref!r}")
        node = node[part]
    if not isinstance(node, dict):
        raise ValueError(f"$ref {ref!r} does not point at a schema")
    return node


def _pointer_child(path: str, key: Any) -> str:
    return f"{path}/{key}" if path != "$" else f"$/{key}"


def validate_json(instance: Any, schema: Mapping[str, Any],
                  root: Optional[Mapping[str, Any]] = None, path: str = "$") -> list[str]:
    """Validate ``instance`` against ``schema``; returns error messages (empty = valid).

    Supports: type (string or array), required, properties, additionalProperties (bool),
    enum, const, minimum, maximum, exclusiveMinimum, minLength, maxLength, items, minItems,
    pattern (unanchored search, as in JSON Schema), oneOf, $ref to '#/$defs/...'.
    Unsupported keywords raise ValueError so the schemas stay within the subset.
    """
    root = schema if root is None else root
    errors: list[str] = []
    unknown = set(schema) - SCHEMA_KEYWORDS - ANNOTATION_KEYWORDS
    if unknown:
        raise ValueError(f"unsupported schema keyword(s) at {path}: {sorted(unknown)}")

    if "$ref" in schema:
        errors += validate_json(instance, _resolve_ref(root, schema["$ref"]), root, path)

    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_matches_type(instance, t) for t in types):
            errors.append(f"{path}: expected type {'|'.join(types)}, got {json_type_name(instance)}")
            return errors  # other keywords would only add noise

    if "const" in schema and not _json_equal(instance, schema["const"]):
        errors.append(f"{path}: must equal {json.dumps(schema['const'])}")
    if "enum" in schema and not any(_json_equal(instance, e) for e in schema["enum"]):
        errors.append(
            f"{path}: {json.dumps(instance, ensure_ascii=False)} is not one of "
            f"{json.dumps(schema['enum'], ensure_ascii=False)}"
        )

    if is_number(instance):
        if "minimum" in schema and instance < schema["minimum"]:
            errors.append(f"{path}: {instance} is less than minimum {schema['minimum']}")
        if "maximum" in schema and instance > schema["maximum"]:
            errors.append(f"{path}: {instance} is greater than maximum {schema['maximum']}")
        if "exclusiveMinimum" in schema and instance <= schema["exclusiveMinimum"]:
            errors.append(
                f"{path}: {instance} must be greater than {schema['exclusiveMinimum']}"
            )

    if isinstance(instance, str):
        if "minLength" in schema and len(instance) < schema["minLength"]:
            errors.append(f"{path}: shorter than minLength {schema['minLength']}")
        if "maxLength" in schema and len(instance) > schema["maxLength"]:
            errors.append(f"{path}: longer than maxLength {schema['maxLength']}")
        if "pattern" in schema and re.search(schema["pattern"], instance) is None:
            errors.append(f"{path}: does not match pattern {schema['pattern']!r}")

    if isinstance(instance, list):
        if "minItems" in schema and len(instance) < schema["minItems"]:
            errors.append(f"{path}: fewer than minItems {schema['minItems']}")
        if "items" in schema:
            for i, item in enumerate(instance):
                errors += validate_json(item, schema["items"], root, _pointer_child(path, i))

    if isinstance(instance, dict):
        for name in schema.get("required", []):
            if name not in instance:
                errors.append(f"{path}: missing required property {name!r}")
        props = schema.get("properties", {})
        for name, sub in props.items():
            if name in instance:
                errors += validate_json(instance[name], sub, root, _pointer_child(path, name))
        if "additionalProperties" in schema:
            ap = schema["additionalProperties"]
            if not isinstance(ap, bool):
                raise ValueError(f"{path}: additionalProperties must be a boolean here")
            if ap is False:
                for name in instance:
                    if name not in props:
                        errors.append(f"{path}: unexpected property {name!r}")

    if "oneOf" in schema:
        branch_errors = [validate_json(instance, s, root, path) for s in schema["oneOf"]]
        matched = sum(1 for e in branch_errors if not e)
        if matched != 1:
            msg = f"{path}: must match exactly one oneOf branch, matched {matched}"
            if matched == 0:
                for i, errs in enumerate(branch_errors):
                    msg += f"; [branch {i}] " + " | ".join(errs)
            errors.append(msg)
    return errors


def unsupported_schema_keywords(schema: Any, path: str = "$") -> list[str]:
    """Walk a schema and list keywords outside the supported subset (for contract tests)."""
    found: list[str] = []
    if not isinstance(schema, dict):
        return [f"{path}: schema must be an object"]
    for key, value in schema.items():
        here = f"{path}/{key}"
        if key not in SCHEMA_KEYWORDS and key not in ANNOTATION_KEYWORDS:
            found.append(here)
        if key == "type":
            types = value if isinstance(value, list) else [value]
            found += [f"{here}: unknown type {t!r}" for t in types if t not in _JSON_TYPES]
        elif key in ("properties", "$defs"):
            for name, sub in value.items():
                found += unsupported_schema_keywords(sub, f"{here}/{name}")
        elif key == "items":
            found += unsupported_schema_keywords(value, here)
        elif key == "oneOf":
            for i, sub in enumerate(value):
                found += unsupported_schema_keywords(sub, f"{here}/{i}")
        elif key == "additionalProperties" and not isinstance(value, bool):
            found.append(f"{here}: must be a boolean")
        elif key == "$ref" and not str(value).startswith("#/$defs/"):
            found.append(f"{here}: only '#/$defs/...' references are allowed")
    return found


