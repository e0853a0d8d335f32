"""Stock: the ledger of movements (Artikelkartei), stock levels kept beside it, key-date stock."""
