"""Repair: repair orders for customers' items, from estimate to billing.

The module will record repair orders with header data specific to the trade and the
work to be done and already done. It will cover the cost estimate, the repair order
itself with the material used and the time spent, the release slip handed over with
the repaired item, billing and a post-calculation. Items waiting for repair are kept
in stock of their own, in a warehouse set aside for them (hence the requirement on
`multi_warehouse`), and can be sent back to the supplier.

This release declares the plugin and starts its migration branch; the features come with
the issue that builds them.
"""
