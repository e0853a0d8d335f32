"""purchasing over HTTP (being built)."""

HANDLERS: list = []
