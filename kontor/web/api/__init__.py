"""The JSON routes under /api, one module per domain; each is thin and calls the services."""
