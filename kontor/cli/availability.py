"""`kontor availability ...` commands (being built)."""
