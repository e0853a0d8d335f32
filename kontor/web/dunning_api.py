"""dunning over HTTP (being built)."""

HANDLERS: list = []
