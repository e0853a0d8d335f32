"""The HTTP API (litestar): app factory, problem details, authentication, resource routes."""
