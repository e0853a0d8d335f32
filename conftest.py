"""Repository-wide pytest setup: the fixtures live in kontor.testing (see pyproject addopts)."""
