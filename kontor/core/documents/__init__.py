"""Documents: the document model, conversions, numbering, pricing, locking, history."""
