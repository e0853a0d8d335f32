"""Text blocks with placeholders (Textbausteine)."""
