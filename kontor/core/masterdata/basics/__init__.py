"""The basics (Grundlagen): number ranges, terms, tax and revenue codes, countries, currencies,
units, article group hierarchy, categories and the other code lists, plus company parameters."""
