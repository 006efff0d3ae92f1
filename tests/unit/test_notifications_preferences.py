"""The preference matrix: type × channel, everything on by default, security e-mails always sent."""

from __future__ import annotations

from conectar.notifications.catalog import ALL_CHANNELS, CONFIGURABLE, Canal, Tipo, kind
from conectar.notifications.preferences import channels_for, matrix


def test_the_matrix_defaults_to_everything_on() -> None:
    full = matrix({})
    assert list(full) == list(CONFIGURABLE)
    assert Tipo.RESTABLECER_PASSWORD not in full
    assert all(all(channels.values()) and set(channels) == set(Canal) for channels in full.values())


def test_overrides_switch_single_cells() -> None:
    full = matrix({(Tipo.OFERTA_ACEPTADA, Canal.EMAIL): False, (Tipo.NUEVO_MENSAJE, Canal.PUSH): False})
    assert full[Tipo.OFERTA_ACEPTADA] == {Canal.EMAIL: False, Canal.PUSH: True, Canal.IN_APP: True}
    assert full[Tipo.NUEVO_MENSAJE][Canal.PUSH] is False
    assert full[Tipo.OFERTA_RECIBIDA][Canal.EMAIL] is True


def test_channels_are_what_the_kind_uses_the_installation_offers_and_the_person_wants() -> None:
    oferta = kind(Tipo.OFERTA_ACEPTADA)
    assert channels_for(oferta, {}, ALL_CHANNELS) == ALL_CHANNELS
    # No push provider, or no device: no push.
    assert channels_for(oferta, {}, {Canal.EMAIL, Canal.IN_APP}) == {Canal.EMAIL, Canal.IN_APP}
    off = {(Tipo.OFERTA_ACEPTADA, Canal.EMAIL): False, (Tipo.OFERTA_ACEPTADA, Canal.IN_APP): False}
    assert channels_for(oferta, off, ALL_CHANNELS) == {Canal.PUSH}
    # Another type's switch does not matter.
    assert channels_for(oferta, {(Tipo.OFERTA_RECIBIDA, Canal.EMAIL): False}, ALL_CHANNELS) == ALL_CHANNELS
    everything_off = {(Tipo.OFERTA_ACEPTADA, canal): False for canal in Canal}
    assert channels_for(oferta, everything_off, ALL_CHANNELS) == frozenset()


def test_transactional_mail_ignores_preferences() -> None:
    reset = kind(Tipo.RESTABLECER_PASSWORD)
    assert reset.transactional
    off = {(Tipo.RESTABLECER_PASSWORD, canal): False for canal in Canal}
    assert channels_for(reset, off, ALL_CHANNELS) == {Canal.EMAIL}
