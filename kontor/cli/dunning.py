"""`kontor dunning ...` commands (being built)."""
