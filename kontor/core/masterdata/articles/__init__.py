"""Articles with prices, classification, flags, packaging, suppliers, follow-up articles and
stock limits; customer-specific article numbers."""
