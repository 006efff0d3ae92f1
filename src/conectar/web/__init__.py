"""ConectarProfesionales web app: server-rendered pages on top of the public API."""
