"""Purchasing: purchase orders, blanket orders and call-offs, internal orders, goods receipt,
returns to suppliers, supplier invoices, reorder proposals."""
