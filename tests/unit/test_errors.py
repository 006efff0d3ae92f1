from conectar.platform.errors import (
    BusinessRuleError,
    Conflict,
    Forbidden,
    NotAuthenticated,
    NotFound,
    RateLimited,
    UpstreamError,
    error_for_status,
)


def test_internal_refusals_keep_status_and_detail() -> None:
    for status, kind in [
        (400, BusinessRuleError),
        (401, NotAuthenticated),
        (403, Forbidden),
        (404, NotFound),
        (409, Conflict),
    ]:
        error = error_for_status(status, "motivo")
        assert isinstance(error, kind)
        assert error.status_code == status
        assert error.detail == "motivo"


def test_server_errors_become_bad_gateway() -> None:
    error = error_for_status(500, "stack trace")
    assert isinstance(error, UpstreamError)
    assert error.status_code == 502
    assert error.detail != "stack trace"


def test_rate_limited_rounds_retry_after_up() -> None:
    assert RateLimited(0.2).headers == {"Retry-After": "1"}
    assert RateLimited(89.1).headers == {"Retry-After": "90"}
