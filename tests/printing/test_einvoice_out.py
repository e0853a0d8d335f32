"""E-invoices out: XRechnung in CII and UBL and ZUGFeRD/Factur-X EN 16931 for every case the
issue names. Each XML passes its XSD and every fatal EN 16931 rule, and its sums are the
document's stored totals to the cent; the Factur-X file is a PDF/A-3 with the XML inside."""

import io
from decimal import Decimal

import pytest
from lxml import etree
from pypdf import PdfReader

from kontor.core.einvoice.outgoing import einvoice_file
from kontor.core.printing.documents import load_document
from kontor.errors import Conflict, Invalid
from tests.printing.einvoice_rules import fatal_failures, require_rules, xsd_errors
from tests.printing.print_shop import (
    credit_note, discount_and_freight_invoice, document, eu_invoice, partial_and_final, pdf_text, shop,
    simple_invoice, two_rate_invoice,
)
from kontor.core.documents.schemas import LineInput

RAM = "{urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100}"
CBC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}"


@pytest.fixture(autouse=True)
def rules():
    require_rules()


def xml_of(company, document_id: int, syntax: str) -> bytes:
    with company.read() as (session, ctx):
        return einvoice_file(session, ctx, document_id, syntax).content


def assert_valid(company, document_id: int) -> dict[str, bytes]:
    """Both syntaxes pass XSD and every fatal rule, and carry the document's totals."""
    made = {}
    with company.read() as (session, ctx):
        stored = load_document(session, ctx, document_id)
    for syntax in ("cii", "ubl"):
        xml = xml_of(company, document_id, syntax)
        assert xsd_errors(xml, syntax) == [], syntax
        assert fatal_failures(xml, syntax) == [], syntax
        tree = etree.fromstring(xml)
        if syntax == "cii":
            sums = {name: Decimal(tree.find(f".//{RAM}{name}").text) for name in
                    ("LineTotalAmount", "TaxBasisTotalAmount", "TaxTotalAmount", "GrandTotalAmount", "DuePayableAmount")}
            assert sums["TaxBasisTotalAmount"] == stored.net_total
        else:
            sums = {name: Decimal(tree.find(f".//{CBC}{name}").text) for name in
                    ("LineExtensionAmount", "TaxExclusiveAmount", "TaxInclusiveAmount", "PayableAmount")}
            assert sums["TaxExclusiveAmount"] == stored.net_total
            assert Decimal(tree.find(f"./{{*}}TaxTotal/{CBC}TaxAmount").text) == stored.tax_total
        assert stored.gross_total in sums.values()
        made[syntax] = xml
    return made


def test_a_simple_invoice(company):
    ids = shop(company)
    made = assert_valid(company, simple_invoice(company, ids))
    cii = etree.fromstring(made["cii"])
    assert cii.find(f".//{RAM}BuyerReference").text == "04011000-12345-67"  # the Leitweg-ID
    assert cii.find(f".//{RAM}GuidelineSpecifiedDocumentContextParameter/{RAM}ID").text.endswith("xrechnung_3.0")


def test_two_vat_rates(company):
    ids = shop(company)
    made = assert_valid(company, two_rate_invoice(company, ids))
    rates = sorted(element.text for element in etree.fromstring(made["ubl"]).iter(f"{CBC}Percent"))
    assert "7" in rates and "19" in rates


def test_an_eu_tax_free_delivery(company):
    ids = shop(company)
    made = assert_valid(company, eu_invoice(company, ids))
    cii = etree.fromstring(made["cii"])
    assert [e.text for e in cii.iter(f"{RAM}ExemptionReasonCode")] == ["VATEX-EU-IC"]
    assert {e.text for e in cii.iter(f"{RAM}CategoryCode")} == {"K"}


def test_a_credit_note_correcting_an_invoice(company):
    ids = shop(company)
    credit, invoice = credit_note(company, ids)
    made = assert_valid(company, credit)
    ubl = etree.fromstring(made["ubl"])
    assert etree.QName(ubl).localname == "CreditNote"
    with company.read() as (session, ctx):
        number = load_document(session, ctx, invoice).number
    assert ubl.find(f".//{{*}}InvoiceDocumentReference/{CBC}ID").text == number
    assert etree.fromstring(made["cii"]).find(f".//{RAM}InvoiceReferencedDocument/{RAM}IssuerAssignedID").text == number


def test_a_partial_and_a_final_invoice(company):
    ids = shop(company)
    first, second, final = partial_and_final(company, ids)
    for document_id in (first, second, final):
        assert_valid(company, document_id)
    cii = etree.fromstring(xml_of(company, final, "cii"))
    quantities = [Decimal(e.text) for e in cii.iter(f"{RAM}BilledQuantity")]
    assert sum(1 for q in quantities if q < 0) == 4  # each down payment deducted per VAT rate (19 % and 7 %)
    assert all(Decimal(e.text) >= 0 for e in cii.iter(f"{RAM}ChargeAmount"))  # BR-27


def test_an_invoice_with_an_end_discount_and_freight(company):
    ids = shop(company)
    made = assert_valid(company, discount_and_freight_invoice(company, ids))
    cii = etree.fromstring(made["cii"])
    assert Decimal(cii.find(f".//{RAM}AllowanceTotalAmount").text) > 0
    assert Decimal(cii.find(f".//{RAM}ChargeTotalAmount").text) == Decimal("52.50")


def test_factur_x_is_a_pdf_a_3_with_the_xml_embedded(company):
    ids = shop(company)
    invoice = discount_and_freight_invoice(company, ids)
    with company.read() as (session, ctx):
        made = einvoice_file(session, ctx, invoice, "facturx")
        number = load_document(session, ctx, invoice).number
    assert made.media_type == "application/pdf"
    reader = PdfReader(io.BytesIO(made.content))
    assert not reader.is_encrypted
    root = reader.trailer["/Root"]
    xml = reader.attachments["factur-x.xml"][0]
    assert xsd_errors(xml, "cii") == [] and fatal_failures(xml, "cii") == []
    assert etree.fromstring(xml).find(f".//{RAM}GuidelineSpecifiedDocumentContextParameter/{RAM}ID").text == \
        "urn:cen.eu:en16931:2017"
    # PDF/A-3: XMP declares part 3, the output intent carries an ICC profile, every font is
    # embedded, the XML is an associated file with relationship Data
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "<pdfaid:part>3</pdfaid:part>" in xmp and "<pdfaid:conformance>B</pdfaid:conformance>" in xmp
    assert "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#" in xmp and "EN 16931" in xmp
    intent = root["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFA1" and "/DestOutputProfile" in intent
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object().get("/FontDescriptor") or \
                font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert any(key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    spec = root["/AF"][0].get_object()
    assert spec["/AFRelationship"] == "/Data" and spec["/F"] == "factur-x.xml"
    assert f"Rechnung {number}" in pdf_text(made.content)


def test_only_posted_invoices_become_e_invoices_and_the_syntax_is_checked(company):
    ids = shop(company)
    draft = document(company, "invoice", ids["bau"], [LineInput(article_id=ids["valve"], quantity=Decimal(1))])
    order = document(company, "order", ids["bau"], [LineInput(article_id=ids["valve"], quantity=Decimal(1))])
    with company.read() as (session, ctx):
        with pytest.raises(Conflict, match="not posted"):
            einvoice_file(session, ctx, draft, "cii")
        with pytest.raises(Conflict, match="no invoice"):
            einvoice_file(session, ctx, order, "ubl")
        with pytest.raises(Invalid) as refused:
            einvoice_file(session, ctx, draft, "edifact")
    assert refused.value.problems[0].field == "syntax"


def test_over_http_each_syntax_downloads_and_a_draft_is_a_conflict(api, company):
    ids = shop(company)
    invoice = simple_invoice(company, ids)
    cii = api.get(f"/api/documents/{invoice}/einvoice", params={"syntax": "cii"})
    assert cii.status_code == 200 and cii.headers["content-type"].startswith("application/xml")
    assert 'filename="RE000001-xrechnung-cii.xml"' in cii.headers["content-disposition"]
    assert fatal_failures(cii.content, "cii") == []
    ubl = api.get(f"/api/documents/{invoice}/einvoice", params={"syntax": "ubl"})
    assert fatal_failures(ubl.content, "ubl") == []
    facturx = api.get(f"/api/documents/{invoice}/einvoice", params={"syntax": "facturx"})
    assert facturx.headers["content-type"] == "application/pdf" and "factur-x.xml" in \
        PdfReader(io.BytesIO(facturx.content)).attachments
    draft = document(company, "invoice", ids["bau"], [LineInput(article_id=ids["valve"], quantity=Decimal(1))])
    assert api.get(f"/api/documents/{draft}/einvoice").status_code == 409
    assert api.get(f"/api/documents/{invoice}/einvoice", params={"syntax": "x"}).status_code == 422
