"""OASIS UBL 2.1 Invoice and CreditNote, the second syntax of XRechnung. Elements in the
order the schema demands."""

from __future__ import annotations

from lxml import etree

from kontor.core.einvoice.invoice import SPECIFICATIONS, EInvoice, Party, amount, number

CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
ROOTS = {False: ("Invoice", "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"),
         True: ("CreditNote", "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2")}


def _el(parent, tag: str, text: str | None = None, **attributes):
    prefix, name = tag.split(":")
    element = etree.SubElement(parent, f"{{{CAC if prefix == 'cac' else CBC}}}{name}", **attributes)
    if text is not None:
        element.text = text
    return element


def _money(parent, tag: str, value, currency: str):
    return _el(parent, tag, amount(value), currencyID=currency)


def _category(parent, tag: str, category: str, rate, reason: str = "", code: str = "") -> None:
    element = _el(parent, tag)
    _el(element, "cbc:ID", category)
    _el(element, "cbc:Percent", number(rate))
    if code:
        _el(element, "cbc:TaxExemptionReasonCode", code)
    if reason:
        _el(element, "cbc:TaxExemptionReason", reason)
    _el(_el(element, "cac:TaxScheme"), "cbc:ID", "VAT")


def _party(parent, tag: str, party: Party) -> None:
    element = _el(_el(parent, tag), "cac:Party")
    if party.email:
        _el(element, "cbc:EndpointID", party.email, schemeID="EM")
    _el(_el(element, "cac:PartyName"), "cbc:Name", party.name)
    address = _el(element, "cac:PostalAddress")
    if party.street:
        _el(address, "cbc:StreetName", party.street)
    if party.city:
        _el(address, "cbc:CityName", party.city)
    if party.postal_code:
        _el(address, "cbc:PostalZone", party.postal_code)
    _el(_el(address, "cac:Country"), "cbc:IdentificationCode", party.country)
    if party.vat_id:
        scheme = _el(element, "cac:PartyTaxScheme")
        _el(scheme, "cbc:CompanyID", party.vat_id)
        _el(_el(scheme, "cac:TaxScheme"), "cbc:ID", "VAT")
    if party.tax_number:
        scheme = _el(element, "cac:PartyTaxScheme")
        _el(scheme, "cbc:CompanyID", party.tax_number)
        _el(_el(scheme, "cac:TaxScheme"), "cbc:ID", "FC")
    _el(_el(element, "cac:PartyLegalEntity"), "cbc:RegistrationName", party.name)
    if party.phone or party.email:
        contact = _el(element, "cac:Contact")
        _el(contact, "cbc:Name", party.contact or party.name)
        if party.phone:
            _el(contact, "cbc:Telephone", party.phone)
        if party.email:
            _el(contact, "cbc:ElectronicMail", party.email)


def ubl_xml(invoice: EInvoice) -> bytes:
    credit = invoice.credit_note
    name, namespace = ROOTS[credit]
    root = etree.Element(f"{{{namespace}}}{name}", nsmap={None: namespace, "cac": CAC, "cbc": CBC})
    currency = invoice.currency
    _el(root, "cbc:CustomizationID", SPECIFICATIONS["xrechnung"])
    _el(root, "cbc:ProfileID", "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0")
    _el(root, "cbc:ID", invoice.number)
    _el(root, "cbc:IssueDate", invoice.issue_date.isoformat())
    if invoice.due_date and not credit:
        _el(root, "cbc:DueDate", invoice.due_date.isoformat())
    _el(root, "cbc:CreditNoteTypeCode" if credit else "cbc:InvoiceTypeCode", invoice.type_code)
    for note in invoice.notes:
        _el(root, "cbc:Note", note)
    _el(root, "cbc:DocumentCurrencyCode", currency)
    _el(root, "cbc:BuyerReference", invoice.buyer_reference)
    if invoice.period:
        period = _el(root, "cac:InvoicePeriod")
        _el(period, "cbc:StartDate", invoice.period[0].isoformat())
        _el(period, "cbc:EndDate", invoice.period[1].isoformat())
    if invoice.order_reference:
        _el(_el(root, "cac:OrderReference"), "cbc:ID", invoice.order_reference)
    if invoice.preceding:
        reference = _el(_el(root, "cac:BillingReference"), "cac:InvoiceDocumentReference")
        _el(reference, "cbc:ID", invoice.preceding[0])
        _el(reference, "cbc:IssueDate", invoice.preceding[1].isoformat())
    _party(root, "cac:AccountingSupplierParty", invoice.seller)
    _party(root, "cac:AccountingCustomerParty", invoice.buyer)
    if invoice.delivery_date or invoice.ship_to:
        delivery = _el(root, "cac:Delivery")
        if invoice.delivery_date:
            _el(delivery, "cbc:ActualDeliveryDate", invoice.delivery_date.isoformat())
        if invoice.ship_to:
            address = _el(_el(delivery, "cac:DeliveryLocation"), "cac:Address")
            for tag, value in (("cbc:StreetName", invoice.ship_to.street), ("cbc:CityName", invoice.ship_to.city),
                               ("cbc:PostalZone", invoice.ship_to.postal_code)):
                if value:
                    _el(address, tag, value)
            _el(_el(address, "cac:Country"), "cbc:IdentificationCode", invoice.ship_to.country)
    if invoice.iban and not credit:
        means = _el(root, "cac:PaymentMeans")
        _el(means, "cbc:PaymentMeansCode", "58")
        account = _el(means, "cac:PayeeFinancialAccount")
        _el(account, "cbc:ID", invoice.iban)
        if invoice.bic:
            _el(_el(account, "cac:FinancialInstitutionBranch"), "cbc:ID", invoice.bic)
    if invoice.payment_terms:
        _el(_el(root, "cac:PaymentTerms"), "cbc:Note", invoice.payment_terms)
    for item in invoice.allowances:
        element = _el(root, "cac:AllowanceCharge")
        _el(element, "cbc:ChargeIndicator", "true" if item.charge else "false")
        if item.reason_code:
            _el(element, "cbc:AllowanceChargeReasonCode", item.reason_code)
        _el(element, "cbc:AllowanceChargeReason", item.reason)
        _money(element, "cbc:Amount", item.amount, currency)
        _category(element, "cac:TaxCategory", item.category, item.rate)
    total = _el(root, "cac:TaxTotal")
    _money(total, "cbc:TaxAmount", invoice.tax_total, currency)
    for row in invoice.taxes:
        subtotal = _el(total, "cac:TaxSubtotal")
        _money(subtotal, "cbc:TaxableAmount", row.basis, currency)
        _money(subtotal, "cbc:TaxAmount", row.tax, currency)
        _category(subtotal, "cac:TaxCategory", row.category, row.rate, row.exemption_reason, row.exemption_code)
    sums = _el(root, "cac:LegalMonetaryTotal")
    _money(sums, "cbc:LineExtensionAmount", invoice.line_total, currency)
    _money(sums, "cbc:TaxExclusiveAmount", invoice.tax_basis, currency)
    _money(sums, "cbc:TaxInclusiveAmount", invoice.grand_total, currency)
    _money(sums, "cbc:AllowanceTotalAmount", invoice.allowance_total, currency)
    _money(sums, "cbc:ChargeTotalAmount", invoice.charge_total, currency)
    _money(sums, "cbc:PayableAmount", invoice.due_payable, currency)
    for line in invoice.lines:
        element = _el(root, "cac:CreditNoteLine" if credit else "cac:InvoiceLine")
        _el(element, "cbc:ID", line.number)
        _el(element, "cbc:CreditedQuantity" if credit else "cbc:InvoicedQuantity", number(line.quantity),
            unitCode=line.unit)
        _money(element, "cbc:LineExtensionAmount", line.net, currency)
        if line.allowance:
            allowance = _el(element, "cac:AllowanceCharge")
            _el(allowance, "cbc:ChargeIndicator", "false")
            _el(allowance, "cbc:AllowanceChargeReasonCode", "95")
            _el(allowance, "cbc:AllowanceChargeReason", "Rabatt")
            _money(allowance, "cbc:Amount", line.allowance, currency)
        item = _el(element, "cac:Item")
        if line.description:
            _el(item, "cbc:Description", line.description)
        _el(item, "cbc:Name", line.name)
        if line.article_number:
            _el(_el(item, "cac:SellersItemIdentification"), "cbc:ID", line.article_number)
        _category(item, "cac:ClassifiedTaxCategory", line.category, line.rate)
        _el(_el(element, "cac:Price"), "cbc:PriceAmount", number(line.price), currencyID=currency)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
