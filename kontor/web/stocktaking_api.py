"""stocktaking over HTTP (being built)."""

HANDLERS: list = []
