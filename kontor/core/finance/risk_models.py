"""Tables of this area (being built; see the module docstring once filled)."""
