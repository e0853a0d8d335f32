"""Parties: customers, suppliers, agents, banks and staff, with their contacts, addresses and banks."""
