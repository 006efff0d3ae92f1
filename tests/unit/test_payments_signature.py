"""MercadoPago webhook signatures exactly as SPEC §6 spells them out."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from conectar.payments.signature import InvalidSignature, manifest, sign, verify

SECRET = "webhook-secret-" + "x" * 32
NOW = 1_790_000_000


def header(data_id: str | None, request_id: str | None, ts: int = NOW, secret: str = SECRET) -> str:
    return sign(secret, data_id=data_id, request_id=request_id, ts=ts)


def check(
    x_signature: str | None, data_id: str | None, request_id: str | None = "req-9", *, now: int = NOW
) -> None:
    verify(
        secret=SECRET,
        x_signature=x_signature,
        x_request_id=request_id,
        data_id=data_id,
        tolerance_seconds=300,
        now=now,
    )


def test_manifest_leaves_missing_parts_out() -> None:
    assert manifest("123", "abc", "1700") == "id:123;request-id:abc;ts:1700;"
    assert manifest(None, "abc", "1700") == "request-id:abc;ts:1700;"
    assert manifest("123", None, "1700") == "id:123;ts:1700;"
    assert manifest(None, None, "1700") == "ts:1700;"


def test_signature_is_lowercase_hex_hmac_sha256_of_the_manifest() -> None:
    expected = hmac.new(SECRET.encode(), b"id:123;request-id:abc;ts:1790000000;", hashlib.sha256).hexdigest()
    assert header("123", "abc") == f"ts={NOW},v1={expected}"
    assert expected == expected.lower()


def passes(x_signature: str | None, data_id: str | None, request_id: str | None = "req-9") -> bool:
    try:
        check(x_signature, data_id, request_id)
    except InvalidSignature:
        return False
    return True


def test_a_good_signature_passes() -> None:
    digest = header("123", "req-9").split("v1=")[1]
    assert passes(header("123", "req-9"), "123")
    assert passes(header("123", None), "123", None)
    assert passes(header(None, "req-9"), None)
    assert passes(f" ts={NOW} , v1={digest} ", "123")  # spaces around parts
    # the same headers with one hex digit changed are refused: what passed is the signature itself
    tampered = digest[:-1] + ("0" if digest[-1] != "0" else "1")
    assert not passes(f"ts={NOW},v1={tampered}", "123")
    assert not passes(f" ts={NOW} , v1={tampered} ", "123")


@pytest.mark.parametrize(
    "x_signature",
    [
        None,
        "",
        "   ",
        "garbage",
        "ts=,v1=",
        f"ts={NOW}",
        "v1=abc",
        f"ts=abc,v1={'0' * 64}",
        f"ts={NOW},v2=abc",
    ],
)
def test_missing_or_malformed_is_refused(x_signature: str | None) -> None:
    with pytest.raises(InvalidSignature):
        check(x_signature, "123")


def test_bad_secret_other_id_other_request_id_are_refused() -> None:
    with pytest.raises(InvalidSignature):
        check(header("123", "req-9", secret="otro"), "123")
    with pytest.raises(InvalidSignature):
        check(header("123", "req-9"), "124")
    with pytest.raises(InvalidSignature):
        check(header("123", "req-9"), "123", "req-10")
    with pytest.raises(InvalidSignature):
        check(header("123", "req-9"), None)  # signed with an id the query does not carry


def test_stale_or_replayed_timestamps_are_refused() -> None:
    check(header("123", "req-9", ts=NOW - 299), "123")
    with pytest.raises(InvalidSignature, match="Tolerance"):
        check(header("123", "req-9", ts=NOW - 301), "123")
    with pytest.raises(InvalidSignature, match="Tolerance"):
        check(header("123", "req-9", ts=NOW + 301), "123")
    # A captured notification replayed an hour later.
    captured = header("123", "req-9", ts=NOW)
    with pytest.raises(InvalidSignature):
        check(captured, "123", now=NOW + 3600)


def test_alphanumeric_id_is_tried_raw_then_lower_cased() -> None:
    check(header("ABC123", "req-9"), "ABC123")  # raw
    check(header("abc123", "req-9"), "ABC123")  # lower-cased
    with pytest.raises(InvalidSignature):
        check(header("abc-123", "req-9"), "ABC-123")  # not alphanumeric: no second try
    with pytest.raises(InvalidSignature):
        check(header("abc123", "req-9", ts=NOW - 3600), "ABC123")  # lower-cased but stale


def test_comparison_is_constant_time() -> None:
    import inspect

    from mercadopago.webhook import validator

    assert "compare_digest" in inspect.getsource(validator)
