"""Closed accounting periods checked through the validation hook (being built)."""
