"""The sealed session cookie and the CSRF token."""

from __future__ import annotations

import time

from conectar.web.apimodels import TokenPair, User
from conectar.web.session import SessionCodec, SessionData, csrf_valid

SECRET = "s" * 48
TOKENS = TokenPair(access_token="a.b.c", refresh_token="r" * 43, expires_in=900)
USER = User.model_validate(
    {
        "id": "8f0c1a52-5b2d-4a8e-9a7e-2b1d7c3e9f10",
        "rol": "CLIENTE",
        "nombre": "Carla",
        "apellido": "Gómez",
        "email": "c@example.com",
        "is_active": True,
        "fecha_creacion": "2025-03-14T12:00:00Z",
    }
)


def test_a_session_round_trips_sealed() -> None:
    codec = SessionCodec(SECRET)
    session = SessionData()
    session.sign_in(TOKENS, USER)
    sealed = codec.seal(session)
    assert "a.b.c" not in sealed
    assert "Carla" not in sealed
    opened = codec.open(sealed)
    assert opened is not None
    assert opened.signed_in
    assert (opened.access, opened.refresh, opened.rol, opened.nombre) == (
        "a.b.c",
        "r" * 43,
        "CLIENTE",
        "Carla",
    )
    assert opened.csrf == session.csrf
    assert not opened.dirty


def test_tampered_foreign_or_garbage_cookies_are_ignored() -> None:
    codec = SessionCodec(SECRET)
    sealed = codec.seal(SessionData())
    flipped = sealed[:-2] + ("A" if sealed[-2] != "A" else "B") + sealed[-1]
    assert codec.open(flipped) is None
    assert SessionCodec("t" * 48).open(sealed) is None
    for junk in (None, "", "1.", "2.abc", "1.%%%", "1." + "A" * 80):
        assert codec.open(junk) is None


def test_signing_in_rotates_the_csrf_secret_and_signing_out_forgets_the_tokens() -> None:
    session = SessionData()
    before = session.csrf
    session.sign_in(TOKENS, USER)
    assert session.csrf != before
    assert session.exp > time.time() + 800
    assert not session.access_expiring()
    session.exp = int(time.time()) + 10
    assert session.access_expiring()
    session.sign_out()
    assert not session.signed_in
    assert session.access is None
    assert session.refresh is None


def test_csrf_token_must_match_the_sessions() -> None:
    session = SessionData()
    assert csrf_valid(session, session.csrf)
    assert not csrf_valid(session, None)
    assert not csrf_valid(session, "")
    assert not csrf_valid(session, SessionData().csrf)


def test_a_visitors_session_is_written_only_once_a_form_needs_it() -> None:
    session = SessionData(fresh=True)
    assert not session.dirty
    token = session.csrf_token()
    assert token == session.csrf
    assert session.dirty


def test_flash_messages_are_kept_until_shown() -> None:
    codec = SessionCodec(SECRET)
    session = SessionData()
    session.flash("Perfil actualizado")
    for n in range(6):
        session.flash(f"aviso {n}", "info")
    opened = codec.open(codec.seal(session))
    assert opened is not None
    shown = opened.pop_flashes()
    assert len(shown) == 4
    assert shown[-1] == ["info", "aviso 5"]
    assert opened.pop_flashes() == []
