"""One way for every page to send a form to the API and show the refusals under their fields."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from conectar.web.api import ApiContractError, ApiError
from conectar.web.forms import form_errors, submit


def unprocessable(*items: dict[str, Any]) -> ApiError:
    return ApiError(422, list(items))


TOO_SHORT = {"type": "string_too_short", "loc": ["body", "password"], "msg": "x", "ctx": {"min_length": 8}}
BAD_EMAIL = {"type": "value_error", "loc": ["body", "username"], "msg": "value is not a valid email address"}
MISSING = {"type": "missing", "loc": ["body", "respuesta"], "msg": "Field required"}


class Page:
    """A stand-in for a page's renderer: remembers what it was asked to show."""

    def __init__(self) -> None:
        self.errors: dict[str, str] | None = None

    async def __call__(self, errors: dict[str, str]) -> Response:
        self.errors = errors
        return HTMLResponse("<form>", status_code=400)


async def refused(error: ApiError) -> Any:
    raise error


async def answered(value: Any) -> Any:
    return value


async def test_the_answer_passes_through_when_the_api_accepts() -> None:
    page = Page()
    result = await submit(answered({"id": 1}), page)
    assert result == {"id": 1}
    assert page.errors is None


async def test_validation_refusals_go_under_their_fields_in_spanish() -> None:
    page = Page()
    result = await submit(refused(unprocessable(TOO_SHORT, BAD_EMAIL)), page, aliases={"username": "email"})
    assert isinstance(result, HTMLResponse)
    assert result.status_code == 400
    assert page.errors == {
        "password": "Tiene que tener al menos 8 caracteres",
        "email": "Ingresá un e-mail válido",
    }


async def test_a_refusal_about_no_field_goes_at_the_top_of_the_form() -> None:
    page = Page()
    await submit(refused(ApiError(400, "El email ya está registrado")), page)
    assert page.errors == {"__all__": "El email ya está registrado"}
    await submit(refused(ApiError(429, None)), page)
    assert page.errors == {"__all__": "Demasiados intentos; esperá un momento y volvé a probar"}


async def test_the_page_may_put_a_general_refusal_under_one_field() -> None:
    page = Page()
    wrong = ApiError(400, "La contraseña actual no es correcta")
    await submit(
        refused(wrong), page, general_to="current_password", general_if=lambda e: "actual" in e.message
    )
    assert page.errors == {"current_password": "La contraseña actual no es correcta"}
    other = ApiError(400, "La nueva tiene que ser distinta")
    await submit(
        refused(other), page, general_to="current_password", general_if=lambda e: "actual" in e.message
    )
    assert page.errors == {"__all__": "La nueva tiene que ser distinta"}


def test_a_page_with_one_field_shows_its_own_message_or_the_first() -> None:
    assert form_errors(unprocessable(MISSING), field="respuesta") == {"respuesta": "Completá este campo"}
    assert form_errors(unprocessable(TOO_SHORT, MISSING), field="respuesta") == {
        "respuesta": "Completá este campo"
    }
    assert form_errors(ApiError(400, "Ya respondiste esta reseña"), field="respuesta") == {
        "respuesta": "Ya respondiste esta reseña"
    }


def test_the_general_message_can_be_worded_by_the_page_and_extra_entries_kept() -> None:
    def credentials(error: ApiError) -> str | None:
        return "E-mail o contraseña incorrectos" if error.status == 401 else None

    assert form_errors(ApiError(401, "Credenciales inválidas"), general=credentials) == {
        "__all__": "E-mail o contraseña incorrectos"
    }
    assert form_errors(ApiError(400, "Otra cosa"), general=credentials) == {"__all__": "Otra cosa"}
    assert form_errors(unprocessable(MISSING), extra={"form": "oficio"}) == {
        "form": "oficio",
        "respuesta": "Completá este campo",
    }


async def test_a_special_refusal_answers_instead_of_the_form() -> None:
    page = Page()

    async def gone(error: ApiError) -> Response | None:
        return RedirectResponse("/profesional/resenas", status_code=303) if error.status == 404 else None

    result = await submit(refused(ApiError(404, "Reseña no encontrada")), page, special=gone)
    assert isinstance(result, RedirectResponse)
    assert page.errors is None
    result = await submit(refused(unprocessable(MISSING)), page, special=gone)
    assert isinstance(result, HTMLResponse)
    assert page.errors == {"respuesta": "Completá este campo"}


async def test_an_answer_that_does_not_fit_is_not_shown_as_a_refusal_of_the_form() -> None:
    # The API did what was asked: the form again would invite the person to send it a second time.
    page = Page()
    contract = ApiContractError("/users/me", "User", 1)
    with pytest.raises(ApiContractError) as raised:
        await submit(refused(contract), page)
    assert raised.value is contract
    assert page.errors is None
