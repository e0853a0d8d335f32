"""HTML to PDF with WeasyPrint.

WeasyPrint lays out the same HTML template the HTML print uses, with its CSS paged media
(`@page` size, margins, running footer, page counters, running strings for carried-over
totals) from `kontor/templates/print.css`. It needs Pango (Debian: libpango-1.0-0, libpangoft2-1.0-0, libharfbuzz-subset0)
and fonts (fonts-dejavu-core; the templates ask for DejaVu Sans, so every machine prints
alike). One font configuration is kept per process: building it is the slow part of a first
print. `pdf/a-3b` (for Factur-X) embeds every font and an sRGB output intent.
"""

from __future__ import annotations

from functools import lru_cache

from kontor.core.printing.renderer import TEMPLATES

PDF_VARIANTS = (None, "pdf/a-3b")


@lru_cache(maxsize=1)
def _fonts():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@lru_cache(maxsize=1)
def _print_css():
    """The layout of every print (kontor/templates/print.css), parsed once: parsing it for each
    document was a third of the time a PDF took."""
    from weasyprint import CSS

    return CSS(filename=str(TEMPLATES / "print.css"), font_config=_fonts())


def html_to_pdf(html: str, *, variant: str | None = None) -> bytes:
    """The PDF of `html` (its language from `<html lang>`); relative URLs (images, fonts)
    resolve against kontor/templates."""
    from weasyprint import HTML

    if variant not in PDF_VARIANTS:
        raise ValueError(f"unknown PDF variant {variant!r}")
    document = HTML(string=html, base_url=str(TEMPLATES) + "/")
    options = {"font_config": _fonts(), "stylesheets": [_print_css()]}
    if variant:
        options["pdf_variant"] = variant
    return document.write_pdf(**options)
