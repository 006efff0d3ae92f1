"""The notifications service: in-app inbox, e-mail and push, driven by the other services' events."""
