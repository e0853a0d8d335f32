"""risk over HTTP (being built)."""

HANDLERS: list = []
