"""Body size limits, bearer parsing, media path safety and the OpenAPI merge (pure functions)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conectar.contracts.routing import ROUTES
from conectar.gateway.media import content_type, media_file
from conectar.gateway.openapi import merge_documents
from conectar.gateway.policies import BodyLimiter, bearer_token, body_limit, declared_length, may_have_body
from conectar.platform.errors import NotFound, PayloadTooLarge
from conectar.platform.settings import Settings

SETTINGS = Settings(max_body_bytes=100, max_upload_bytes=1000)


def scope(*headers: tuple[bytes, bytes]) -> dict[str, Any]:
    return {"type": "http", "headers": list(headers)}


def test_limits_by_content_type() -> None:
    assert body_limit(scope((b"content-type", b"application/json")), SETTINGS) == 100
    assert body_limit(scope((b"content-type", b"Multipart/Form-Data; boundary=x")), SETTINGS) == 1000
    assert body_limit(scope(), SETTINGS) == 100


def test_body_presence() -> None:
    assert not may_have_body(scope())
    assert not may_have_body(scope((b"content-length", b"0")))
    assert may_have_body(scope((b"content-length", b"5")))
    assert may_have_body(scope((b"transfer-encoding", b"chunked")))
    assert declared_length(scope((b"content-length", b"abc"))) is None


def test_declared_length_over_the_limit_is_refused_at_once() -> None:
    async def never() -> dict[str, Any]:
        raise AssertionError("the body must not be read")

    limiter = BodyLimiter(never, 100)
    limiter.check_declared(scope((b"content-length", b"100")))
    with pytest.raises(PayloadTooLarge):
        limiter.check_declared(scope((b"content-length", b"101")))
    assert limiter.exceeded


async def test_streamed_body_is_counted_and_stopped() -> None:
    messages = [
        {"type": "http.request", "body": b"x" * 60, "more_body": True},
        {"type": "http.request", "body": b"x" * 40, "more_body": True},
        {"type": "http.request", "body": b"x", "more_body": False},
    ]

    async def receive() -> dict[str, Any]:
        return messages.pop(0)

    limiter = BodyLimiter(receive, 100)
    await limiter.receive()
    await limiter.receive()
    assert limiter.received == 100
    with pytest.raises(PayloadTooLarge):
        await limiter.receive()
    assert limiter.exceeded
    with pytest.raises(PayloadTooLarge):
        await limiter.receive()


async def test_complete_and_disconnected_are_noticed() -> None:
    messages = [{"type": "http.request", "body": b"ok", "more_body": False}, {"type": "http.disconnect"}]

    async def receive() -> dict[str, Any]:
        return messages.pop(0)

    limiter = BodyLimiter(receive, 100)
    await limiter.receive()
    assert limiter.complete
    await limiter.receive()
    assert limiter.disconnected


def test_bearer_token_parsing() -> None:
    assert bearer_token(scope((b"authorization", b"Bearer abc"))) == "abc"
    assert bearer_token(scope((b"authorization", b"bearer  abc "))) == "abc"
    assert bearer_token(scope((b"authorization", b"Basic abc"))) is None
    assert bearer_token(scope((b"authorization", b"Bearer "))) is None
    assert bearer_token(scope()) is None


def test_media_paths_stay_inside_the_folder(tmp_path: Path) -> None:
    root = tmp_path / "media"
    (root / "a").mkdir(parents=True)
    (root / "a" / "f.jpg").write_bytes(b"x")
    (tmp_path / "secret").write_text("s")
    (root / "escape").symlink_to(tmp_path / "secret")
    assert media_file(root, "a/f.jpg") == (root / "a" / "f.jpg").resolve()
    for key in (
        "../secret",
        "a/../../secret",
        "a/./f.jpg",
        "a//f.jpg",
        "",
        "a",
        "escape",
        ".a",
        "a\\f.jpg",
        "a/f\x00",
    ):
        with pytest.raises(NotFound):
            media_file(root, key)


def test_media_content_types() -> None:
    assert content_type(Path("a.JPG")) == "image/jpeg"
    assert content_type(Path("a.webp")) == "image/webp"
    assert content_type(Path("a.unknownext")) == "application/octet-stream"


def _doc(paths: dict[str, Any], schemas: dict[str, Any] | None = None) -> dict[str, Any]:
    document: dict[str, Any] = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": paths}
    if schemas is not None:
        document["components"] = {"schemas": schemas}
    return document


def test_merge_keeps_owned_public_paths_and_renames_conflicting_components() -> None:
    ref = {"$ref": "#/components/schemas/Item"}
    post = {"post": {"requestBody": {"content": {"application/json": {"schema": ref}}}, "tags": ["x"]}}
    auth = _doc(
        {"/api/v1/auth/login": post, "/internal/v1/accounts": {"get": {}}, "/api/v1/users/me": {"get": {}}},
        {"Item": {"type": "object", "properties": {"a": {}}}, "Shared": {"type": "string"}},
    )
    users = _doc(
        {"/api/v1/users/me": post, "/health/ready": {"get": {}}},
        {"Item": {"type": "object", "properties": {"b": {}}}, "Shared": {"type": "string"}},
    )
    users["tags"] = [{"name": "users"}]
    merged = merge_documents({"auth": auth, "users": users}, ROUTES, missing=["chat"])
    assert set(merged["paths"]) == {"/api/v1/auth/login", "/api/v1/users/me"}
    schemas = merged["components"]["schemas"]
    assert set(schemas) == {"Item", "Shared", "users_Item"}
    assert schemas["users_Item"]["properties"] == {"b": {}}
    users_body = merged["paths"]["/api/v1/users/me"]["post"]["requestBody"]["content"]["application/json"]
    assert users_body["schema"] == {"$ref": "#/components/schemas/users_Item"}
    auth_body = merged["paths"]["/api/v1/auth/login"]["post"]["requestBody"]["content"]["application/json"]
    assert auth_body["schema"] == ref
    assert "chat" in merged["info"]["description"]
    assert merged["tags"] == [{"name": "users"}]
    assert users["components"]["schemas"]["Item"]["properties"] == {"b": {}}  # inputs untouched
    assert (
        users["paths"]["/api/v1/users/me"]["post"]["requestBody"]["content"]["application/json"]["schema"]
        == ref
    )


def test_merge_of_nothing_is_a_valid_document() -> None:
    merged = merge_documents({}, ROUTES)
    assert merged["openapi"] == "3.1.0"
    assert merged["paths"] == {}
    assert "components" not in merged


def test_openapi_30_rewrite_for_swagger_ui() -> None:
    from conectar.gateway.openapi_compat import to_openapi_30

    nullable_ref = {"anyOf": [{"$ref": "#/components/schemas/X"}, {"type": "null"}], "title": "X"}
    document = {
        "openapi": "3.1.0",
        "info": {
            "title": "t",
            "version": "1",
            "summary": "s",
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "webhooks": {},
        "paths": {
            "/p": {
                "get": {
                    "parameters": [{"name": "q", "in": "query", "schema": {"type": ["string", "null"]}}],
                    "responses": {"200": {"content": {"application/json": {"schema": nullable_ref}}}},
                }
            }
        },
        "components": {
            "schemas": {
                "Upload": {
                    "type": "object",
                    "properties": {
                        "file": {"type": "string", "contentMediaType": "application/octet-stream"},
                        "const": {"const": "fijo"},  # a property named like a keyword
                        "type": {"anyOf": [{"type": "integer", "exclusiveMinimum": 0}, {"type": "null"}]},
                        "tags": {"type": "array", "items": {"type": "string", "examples": ["a", "b"]}},
                    },
                }
            },
            "securitySchemes": {"HTTPBearer": {"type": "http", "scheme": "bearer"}},
        },
    }
    converted = to_openapi_30(document)
    assert converted["openapi"] == "3.0.3"
    assert "webhooks" not in converted
    assert converted["info"] == {"title": "t", "version": "1", "license": {"name": "MIT"}}
    get = converted["paths"]["/p"]["get"]
    assert get["parameters"][0]["schema"] == {"type": "string", "nullable": True}
    assert get["responses"]["200"]["content"]["application/json"]["schema"] == {
        "title": "X",
        "nullable": True,
        "allOf": [{"$ref": "#/components/schemas/X"}],
    }
    properties = converted["components"]["schemas"]["Upload"]["properties"]
    assert properties["file"] == {"type": "string", "format": "binary"}
    assert properties["const"] == {"enum": ["fijo"]}
    assert properties["type"] == {"type": "integer", "minimum": 0, "exclusiveMinimum": True, "nullable": True}
    assert properties["tags"]["items"] == {"type": "string", "example": "a"}
    assert converted["components"]["securitySchemes"] == document["components"]["securitySchemes"]
    assert document["openapi"] == "3.1.0"  # the input is left alone
    assert "contentMediaType" in document["components"]["schemas"]["Upload"]["properties"]["file"]
