"""EDI: electronic data interchange of business documents.

The module will connect kontor to an EDI converter so that documents are exchanged
electronically with business partners instead of on paper. Whether EDI is used is
decided per document type, for example outgoing invoices, purchase orders, incoming
delivery notes or order confirmations.

This release declares the plugin and starts its migration branch; the features come with
the issue that builds them.
"""
