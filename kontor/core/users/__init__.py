"""Users, roles and permissions per program part; API tokens."""
