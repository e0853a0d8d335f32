"""`kontor accounting ...` commands (being built)."""
