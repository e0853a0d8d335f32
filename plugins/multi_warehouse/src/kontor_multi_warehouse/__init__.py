"""Multiple warehouses: stock kept in several warehouses, each with its own locations.

The module will manage any number of warehouses, each divided into any number of
storage locations (bins). Goods receipts and delivery notes will say which warehouse
and location the goods come into or leave from. It will also handle consignment stock
(goods held at a customer, shipped with consignment delivery notes and billed with
consignment invoices), drop shipments that go from the supplier straight to the
customer, and warehouses kept for a customer.

This release declares the plugin and starts its migration branch; the features come with
the issue that builds them.
"""
