"""`kontor stocktaking ...` commands (being built)."""
