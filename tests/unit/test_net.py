from conectar.platform.net import client_address

PROXIES = ["127.0.0.1/32", "10.0.0.0/8"]


def test_peer_is_used_without_trusted_proxy() -> None:
    assert client_address("203.0.113.9", "1.2.3.4", PROXIES) == "203.0.113.9"
    assert client_address("203.0.113.9", None, PROXIES) == "203.0.113.9"


def test_forwarded_for_is_walked_from_the_right_past_trusted_hops() -> None:
    assert client_address("127.0.0.1", "198.51.100.7", PROXIES) == "198.51.100.7"
    assert client_address("127.0.0.1", "6.6.6.6, 198.51.100.7, 10.1.2.3", PROXIES) == "198.51.100.7"


def test_a_client_cannot_choose_its_address() -> None:
    # The client sent "X-Forwarded-For: 1.1.1.1"; the proxy appended the real address.
    assert client_address("127.0.0.1", "1.1.1.1, 198.51.100.7", PROXIES) == "198.51.100.7"


def test_unknown_peer() -> None:
    assert client_address(None, None, PROXIES) == "unknown"
