"""open_items over HTTP (being built)."""

HANDLERS: list = []
