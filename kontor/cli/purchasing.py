"""`kontor purchasing ...` commands (being built)."""
