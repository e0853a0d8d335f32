"""Credit risk checks through the validation hook (being built)."""
