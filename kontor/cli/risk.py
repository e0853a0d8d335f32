"""`kontor risk ...` commands (being built)."""
