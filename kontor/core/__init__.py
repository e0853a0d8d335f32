"""The base program: master data, documents, stock, purchasing, finance, calculation, users."""
