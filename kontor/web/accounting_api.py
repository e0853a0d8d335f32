"""accounting over HTTP (being built)."""

HANDLERS: list = []
