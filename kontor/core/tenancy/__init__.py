"""Tenants (Mandanten) and their parameter rows."""
