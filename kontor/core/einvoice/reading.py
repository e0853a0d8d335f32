"""Reading a received e-invoice: XRechnung or ZUGFeRD/Factur-X as XML (CII or UBL), or a PDF
with the XML embedded, into a neutral `ReceivedInvoice`. Amounts stay exact Decimals."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from lxml import etree

from kontor.errors import Invalid

CII_ROOT = "{urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100}CrossIndustryInvoice"
UBL_ROOTS = {"{urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}Invoice",
             "{urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2}CreditNote"}
NS = {"rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
      "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
      "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
      "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
      "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"}


@dataclass(frozen=True)
class ReceivedLine:
    seller_article: str
    buyer_article: str
    name: str
    quantity: Decimal
    price: Decimal
    net: Decimal
    rate: Decimal


@dataclass(frozen=True)
class ReceivedCharge:
    charge: bool
    amount: Decimal
    reason: str
    rate: Decimal


@dataclass
class ReceivedInvoice:
    syntax: str
    number: str
    issue_date: date
    type_code: str
    currency: str
    seller_name: str
    seller_vat_id: str
    net: Decimal
    tax: Decimal
    gross: Decimal
    lines: list[ReceivedLine] = field(default_factory=list)
    charges: list[ReceivedCharge] = field(default_factory=list)


def _refuse(message: str) -> Invalid:
    return Invalid.field("file", "einvoice", message)


def xml_of(content: bytes) -> tuple[bytes, str]:
    """The XML of a received file (itself, or the one a PDF embeds) and whether it came in a PDF."""
    if content.lstrip().startswith(b"%PDF"):
        from facturx import get_xml_from_pdf

        try:
            _name, xml = get_xml_from_pdf(content, check_xsd=False)
        except Exception:  # the package raises plain exceptions for PDFs it cannot read
            xml = None
        if not xml:
            raise _refuse("the PDF carries no ZUGFeRD/Factur-X or XRechnung XML")
        return xml, "pdf"
    return content, "xml"


def read_einvoice(content: bytes) -> ReceivedInvoice:
    xml, _ = xml_of(content)
    try:
        root = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        raise _refuse(f"the file is no well-formed XML ({error})") from None
    try:
        if root.tag == CII_ROOT:
            return _cii(root)
        if root.tag in UBL_ROOTS:
            return _ubl(root)
    except (InvalidOperation, ValueError, TypeError, AttributeError) as error:
        raise _refuse(f"the invoice lacks or garbles a required value ({error})") from None
    raise _refuse("the XML is neither a UN/CEFACT CII nor an OASIS UBL invoice")


def _text(node, path: str, default: str = "") -> str:
    found = node.find(path, NS)
    return found.text.strip() if found is not None and found.text else default


def _dec(node, path: str, default: str = "0") -> Decimal:
    return Decimal(_text(node, path, default))


def _cii(root) -> ReceivedInvoice:
    seller = root.find(".//ram:ApplicableHeaderTradeAgreement/ram:SellerTradeParty", NS)
    vat_id = next((e.text.strip() for e in seller.findall("ram:SpecifiedTaxRegistration/ram:ID", NS)
                   if e.get("schemeID") == "VA"), "")
    sums = root.find(".//ram:SpecifiedTradeSettlementHeaderMonetarySummation", NS)
    invoice = ReceivedInvoice(
        syntax="cii", number=_text(root, "rsm:ExchangedDocument/ram:ID"),
        issue_date=datetime.strptime(_text(root, "rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString"),
                                     "%Y%m%d").date(),
        type_code=_text(root, "rsm:ExchangedDocument/ram:TypeCode"),
        currency=_text(root, ".//ram:InvoiceCurrencyCode", "EUR"), seller_name=_text(seller, "ram:Name"),
        seller_vat_id=vat_id, net=_dec(sums, "ram:TaxBasisTotalAmount"), tax=_dec(sums, "ram:TaxTotalAmount"),
        gross=_dec(sums, "ram:GrandTotalAmount"))
    for item in root.findall(".//ram:IncludedSupplyChainTradeLineItem", NS):
        invoice.lines.append(ReceivedLine(
            seller_article=_text(item, "ram:SpecifiedTradeProduct/ram:SellerAssignedID"),
            buyer_article=_text(item, "ram:SpecifiedTradeProduct/ram:BuyerAssignedID"),
            name=_text(item, "ram:SpecifiedTradeProduct/ram:Name"),
            quantity=_dec(item, "ram:SpecifiedLineTradeDelivery/ram:BilledQuantity"),
            price=_dec(item, "ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount"),
            net=_dec(item, ".//ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount"),
            rate=_dec(item, ".//ram:ApplicableTradeTax/ram:RateApplicablePercent")))
    settlement = root.find(".//ram:ApplicableHeaderTradeSettlement", NS)
    for element in settlement.findall("ram:SpecifiedTradeAllowanceCharge", NS):
        invoice.charges.append(ReceivedCharge(
            charge=_text(element, "ram:ChargeIndicator/udt:Indicator") == "true",
            amount=_dec(element, "ram:ActualAmount"), reason=_text(element, "ram:Reason"),
            rate=_dec(element, "ram:CategoryTradeTax/ram:RateApplicablePercent")))
    return invoice


def _ubl(root) -> ReceivedInvoice:
    credit = root.tag.endswith("CreditNote")
    seller = root.find("cac:AccountingSupplierParty/cac:Party", NS)
    vat_id = next((_text(s, "cbc:CompanyID") for s in seller.findall("cac:PartyTaxScheme", NS)
                   if _text(s, "cac:TaxScheme/cbc:ID") == "VAT"), "")
    sums = root.find("cac:LegalMonetaryTotal", NS)
    invoice = ReceivedInvoice(
        syntax="ubl", number=_text(root, "cbc:ID"), issue_date=date.fromisoformat(_text(root, "cbc:IssueDate")),
        type_code=_text(root, "cbc:CreditNoteTypeCode" if credit else "cbc:InvoiceTypeCode"),
        currency=_text(root, "cbc:DocumentCurrencyCode", "EUR"),
        seller_name=_text(seller, "cac:PartyLegalEntity/cbc:RegistrationName") or _text(seller, "cac:PartyName/cbc:Name"),
        seller_vat_id=vat_id, net=_dec(sums, "cbc:TaxExclusiveAmount"), tax=_dec(root, "cac:TaxTotal/cbc:TaxAmount"),
        gross=_dec(sums, "cbc:TaxInclusiveAmount"))
    for item in root.findall("cac:CreditNoteLine" if credit else "cac:InvoiceLine", NS):
        invoice.lines.append(ReceivedLine(
            seller_article=_text(item, "cac:Item/cac:SellersItemIdentification/cbc:ID"),
            buyer_article=_text(item, "cac:Item/cac:BuyersItemIdentification/cbc:ID"),
            name=_text(item, "cac:Item/cbc:Name"),
            quantity=_dec(item, "cbc:CreditedQuantity" if credit else "cbc:InvoicedQuantity"),
            price=_dec(item, "cac:Price/cbc:PriceAmount"), net=_dec(item, "cbc:LineExtensionAmount"),
            rate=_dec(item, "cac:Item/cac:ClassifiedTaxCategory/cbc:Percent")))
    for element in root.findall("cac:AllowanceCharge", NS):
        invoice.charges.append(ReceivedCharge(
            charge=_text(element, "cbc:ChargeIndicator") == "true", amount=_dec(element, "cbc:Amount"),
            reason=_text(element, "cbc:AllowanceChargeReason"), rate=_dec(element, "cac:TaxCategory/cbc:Percent")))
    return invoice
