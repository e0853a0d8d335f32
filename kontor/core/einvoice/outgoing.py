"""E-invoices out: an invoice as XRechnung (CII or UBL) or as a ZUGFeRD/Factur-X PDF.

Factur-X (profile EN 16931) is the printed invoice as PDF/A-3b (WeasyPrint embeds every
font and an sRGB output intent) with the CII XML embedded as `factur-x.xml` by the
`factur-x` package, which checks the XML against the Factur-X XSD and writes the XMP
metadata PDF/A-3 and Factur-X require.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from kontor.core.context import Context
from kontor.core.einvoice.cii import cii_xml
from kontor.core.einvoice.invoice import build_einvoice
from kontor.core.einvoice.ubl import ubl_xml
from kontor.errors import Invalid

SYNTAXES = ("cii", "ubl", "facturx")


@dataclass(frozen=True)
class EInvoiceFile:
    syntax: str
    filename: str
    media_type: str
    content: bytes


def einvoice_file(session: Session, ctx: Context, document_id: int, syntax: str) -> EInvoiceFile:
    if syntax not in SYNTAXES:
        raise Invalid.field("syntax", "one_of", f"make an e-invoice as one of {', '.join(SYNTAXES)}")
    invoice = build_einvoice(session, ctx, document_id)
    stem = f"{invoice.number}"
    if syntax == "cii":
        return EInvoiceFile(syntax, f"{stem}-xrechnung-cii.xml", "application/xml", cii_xml(invoice, "xrechnung"))
    if syntax == "ubl":
        return EInvoiceFile(syntax, f"{stem}-xrechnung-ubl.xml", "application/xml", ubl_xml(invoice))
    return EInvoiceFile(syntax, f"{stem}.pdf", "application/pdf", facturx_pdf(session, ctx, document_id, invoice))


def facturx_pdf(session: Session, ctx: Context, document_id: int, invoice=None) -> bytes:
    from facturx import generate_from_binary

    from kontor.core.printing.documents import print_document

    invoice = invoice or build_einvoice(session, ctx, document_id)
    xml = cii_xml(invoice, "en16931")
    printed = print_document(session, ctx, document_id, "pdf", pdf_variant="pdf/a-3b")
    title = f"{invoice.seller.name}: {invoice.number}"
    metadata = {"author": invoice.seller.name, "keywords": "Factur-X, ZUGFeRD, Rechnung", "title": title,
                "subject": f"Factur-X {invoice.number} vom {invoice.issue_date:%d.%m.%Y}"}
    return generate_from_binary(printed.content, xml, flavor="factur-x", level="en16931", check_xsd=True,
                                pdf_metadata=metadata, lang="de-DE")
