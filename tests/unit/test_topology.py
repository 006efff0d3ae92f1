from typing import Any

from conectar.contracts.events import AccountDeletionRequested, IntegrationEvent
from conectar.contracts.personal_data import PERSONAL_DATA_SERVICES
from conectar.contracts.topology import SUBSCRIPTIONS
from conectar.platform.handlers import EventHandlers
from conectar.services import SERVICES


def test_every_subscribed_type_is_a_known_event() -> None:
    for service, types in SUBSCRIPTIONS.items():
        unknown = set(types) - set(IntegrationEvent.registry)
        assert not unknown, f"{service} subscribes to unknown events {unknown}"


def _definition(name: str) -> Any:
    """The service's ``ServiceDefinition`` (the web app's stand-in has no handlers, no personal data)."""
    return SERVICES[name].definition()


def test_each_service_handles_exactly_what_the_topology_binds() -> None:
    for name in SERVICES:
        definition = _definition(name)
        registry: EventHandlers[Any] | None = definition.handlers
        handled = set(registry.event_types) if registry is not None else set()
        if getattr(definition, "personal_data", None) is not None:
            handled.add(AccountDeletionRequested.event_type())  # the kernel's handler
        assert handled == set(SUBSCRIPTIONS.get(name, ())), name


def test_every_service_holding_personal_data_answers_for_it() -> None:
    for name in PERSONAL_DATA_SERVICES:
        definition = _definition(name)
        assert definition.personal_data is not None, f"{name} declares no personal_data hooks"


def test_the_events_document_lists_every_event_with_its_consumers() -> None:
    from pathlib import Path

    from conectar.contracts.topology import consumers_of

    text = (Path(__file__).resolve().parents[2] / "docs" / "events.md").read_text()
    rows = {
        line.split("|")[1].strip(): line.split("|")[3].strip()
        for line in text.splitlines()
        if line.startswith("| ")
    }
    for event_type, event in IntegrationEvent.registry.items():
        if not event.__module__.startswith("conectar."):
            continue  # a test's own event (tests/services/test_tracing.py), when the suites share a process
        assert event_type in rows, f"docs/events.md lacks {event_type}"
        assert rows[event_type] == (", ".join(consumers_of(event_type)) or "—"), event_type
