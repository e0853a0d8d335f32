"""availability over HTTP (being built)."""

HANDLERS: list = []
