from conectar.contracts.events import IntegrationEvent
from conectar.contracts.topology import SUBSCRIPTIONS
from conectar.services import SERVICES


def test_every_subscribed_type_is_a_known_event() -> None:
    for service, types in SUBSCRIPTIONS.items():
        unknown = set(types) - set(IntegrationEvent.registry)
        assert not unknown, f"{service} subscribes to unknown events {unknown}"


def test_each_service_handles_exactly_what_the_topology_binds() -> None:
    for name, entry in SERVICES.items():
        app = entry.create_app.__module__
        definition = __import__(app, fromlist=["DEFINITION"]).DEFINITION
        handled = set(definition.handlers(None)) if definition.handlers else set()  # type: ignore[arg-type]
        assert handled == set(SUBSCRIPTIONS.get(name, ())), name
