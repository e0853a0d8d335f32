"""`kontor open_items ...` commands (being built)."""
