"""The merged document rewritten as OpenAPI 3.0 for the vendored Swagger UI (4.x reads 3.0 only).

FastAPI writes OpenAPI 3.1 (JSON Schema 2020-12). The differences that matter to a viewer are in schemas:
``anyOf [X, null]`` and ``type: [X, "null"]`` become ``nullable``, ``const`` an ``enum``, numeric
``exclusiveMinimum``/``exclusiveMaximum`` the boolean form, ``examples`` lists one ``example``, and
uploaded files (``contentMediaType``) ``format: binary``. ``/openapi.json`` itself stays 3.1.
"""

from __future__ import annotations

import copy
from typing import Any

SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
SCHEMA_VALUES = ("items", "not", "additionalProperties", "contains", "propertyNames")
SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions")
DROPPED_TOP_LEVEL = ("webhooks", "jsonSchemaDialect")


def _is_null(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("type") == "null" and len(schema) == 1


def _schema(node: Any) -> Any:
    """One schema object, converted (with every schema inside it)."""
    if not isinstance(node, dict):
        return node
    schema: dict[str, Any] = {}
    for key, value in node.items():
        if key in SCHEMA_LISTS and isinstance(value, list):
            schema[key] = [_schema(item) for item in value]
        elif key in SCHEMA_VALUES and isinstance(value, dict):
            schema[key] = _schema(value)
        elif key in SCHEMA_MAPS and isinstance(value, dict):
            schema[key] = {name: _schema(item) for name, item in value.items()}
        else:
            schema[key] = value
    for key in ("anyOf", "oneOf"):
        options = schema.get(key)
        if isinstance(options, list) and any(_is_null(option) for option in options):
            rest = [option for option in options if not _is_null(option)]
            schema["nullable"] = True
            if len(rest) == 1:
                del schema[key]
                only = rest[0]
                if isinstance(only, dict) and "$ref" in only:
                    schema["allOf"] = [only]  # siblings of a $ref are ignored in 3.0
                elif isinstance(only, dict):
                    schema = {**only, **schema}
            else:
                schema[key] = rest
    types = schema.get("type")
    if isinstance(types, list):
        concrete = [t for t in types if t != "null"]
        if len(concrete) < len(types):
            schema["nullable"] = True
        if len(concrete) == 1:
            schema["type"] = concrete[0]
        else:
            del schema["type"]
            if concrete:
                schema["anyOf"] = [{"type": t} for t in concrete]
    if "const" in schema:
        schema["enum"] = [schema.pop("const")]
    for bound, limit in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        value = schema.get(bound)
        if isinstance(value, int | float) and not isinstance(value, bool):
            schema[limit] = value
            schema[bound] = True
    examples = schema.get("examples")
    if isinstance(examples, list):
        del schema["examples"]
        if examples:
            schema.setdefault("example", examples[0])
    media_type = schema.pop("contentMediaType", None)
    encoding = schema.pop("contentEncoding", None)
    if schema.get("type") == "string" and "format" not in schema:
        if encoding == "base64":
            schema["format"] = "byte"
        elif media_type is not None:
            schema["format"] = "binary"
    for key in ("$schema", "$id", "$anchor", "$comment"):
        schema.pop(key, None)
    return schema


def _document(node: Any) -> Any:
    """Walk the document outside schemas; convert each schema found at a ``schema`` key."""
    if isinstance(node, dict):
        return {key: _schema(value) if key == "schema" else _document(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_document(item) for item in node]
    return node


def to_openapi_30(document: dict[str, Any]) -> dict[str, Any]:
    converted: dict[str, Any] = _document(
        {
            key: value
            for key, value in document.items()
            if key not in DROPPED_TOP_LEVEL and key != "components"
        }
    )
    components = copy.deepcopy(document.get("components") or {})
    if components:
        schemas = components.pop("schemas", None)
        converted_components: dict[str, Any] = _document(components)
        if schemas:
            converted_components["schemas"] = {name: _schema(schema) for name, schema in schemas.items()}
        converted["components"] = converted_components
    converted["openapi"] = "3.0.3"
    info = converted.get("info")
    if isinstance(info, dict):
        info.pop("summary", None)
        if isinstance(info.get("license"), dict):
            info["license"].pop("identifier", None)
    return converted
