"""Master data (Stammdaten): parties, articles, text blocks and the basics (Grundlagen)."""
