"""The preference matrix (type × channel): everything is on until the person switches it off."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from conectar.notifications.catalog import CONFIGURABLE, Canal, Kind, Tipo

Overrides = Mapping[tuple[Tipo, Canal], bool]


def matrix(overrides: Overrides) -> dict[Tipo, dict[Canal, bool]]:
    """The full matrix a person sees: every configurable type, every channel."""
    return {tipo: {canal: overrides.get((tipo, canal), True) for canal in Canal} for tipo in CONFIGURABLE}


def channels_for(kind: Kind, overrides: Overrides, available: Iterable[Canal]) -> frozenset[Canal]:
    """The channels a notification of ``kind`` goes through: the ones it uses and this installation
    offers, minus those the person switched off (transactional ones ignore the preferences)."""
    usable = kind.channels & frozenset(available)
    if kind.transactional:
        return usable
    return frozenset(canal for canal in usable if overrides.get((kind.tipo, canal), True))
