"""UN/CEFACT Cross Industry Invoice (D16B), the XML of XRechnung-CII and of ZUGFeRD/Factur-X
EN 16931. Elements in the order the schema demands."""

from __future__ import annotations

from datetime import date

from lxml import etree

from kontor.core.einvoice.invoice import SPECIFICATIONS, EInvoice, Party, amount, number

RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
QDT = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
NSMAP = {"rsm": RSM, "ram": RAM, "udt": UDT, "qdt": QDT}


def _el(parent, tag: str, text: str | None = None, **attributes):
    prefix, name = tag.split(":")
    element = etree.SubElement(parent, f"{{{NSMAP[prefix]}}}{name}", **attributes)
    if text is not None:
        element.text = text
    return element


def _date(parent, tag: str, day: date, qualified: bool = False) -> None:
    holder = _el(parent, tag)
    _el(holder, "qdt:DateTimeString" if qualified else "udt:DateTimeString", day.strftime("%Y%m%d"), format="102")


def _party(parent, tag: str, party: Party) -> None:
    element = _el(parent, tag)
    _el(element, "ram:Name", party.name)
    if party.phone or party.email:
        contact = _el(element, "ram:DefinedTradeContact")
        _el(contact, "ram:PersonName", party.contact or party.name)
        if party.phone:
            _el(_el(contact, "ram:TelephoneUniversalCommunication"), "ram:CompleteNumber", party.phone)
        if party.email:
            _el(_el(contact, "ram:EmailURIUniversalCommunication"), "ram:URIID", party.email)
    address = _el(element, "ram:PostalTradeAddress")
    if party.postal_code:
        _el(address, "ram:PostcodeCode", party.postal_code)
    if party.street:
        _el(address, "ram:LineOne", party.street)
    if party.city:
        _el(address, "ram:CityName", party.city)
    _el(address, "ram:CountryID", party.country)
    if party.email:
        _el(_el(element, "ram:URIUniversalCommunication"), "ram:URIID", party.email, schemeID="EM")
    if party.tax_number:
        _el(_el(element, "ram:SpecifiedTaxRegistration"), "ram:ID", party.tax_number, schemeID="FC")
    if party.vat_id:
        _el(_el(element, "ram:SpecifiedTaxRegistration"), "ram:ID", party.vat_id, schemeID="VA")


def _tax(parent, tag: str, category: str, rate) -> None:
    tax = _el(parent, tag)
    _el(tax, "ram:TypeCode", "VAT")
    _el(tax, "ram:CategoryCode", category)
    _el(tax, "ram:RateApplicablePercent", number(rate))


def cii_xml(invoice: EInvoice, profile: str = "xrechnung") -> bytes:
    root = etree.Element(f"{{{RSM}}}CrossIndustryInvoice", nsmap=NSMAP)
    context = _el(root, "rsm:ExchangedDocumentContext")
    if profile == "xrechnung":
        _el(_el(context, "ram:BusinessProcessSpecifiedDocumentContextParameter"), "ram:ID",
            "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0")
    _el(_el(context, "ram:GuidelineSpecifiedDocumentContextParameter"), "ram:ID", SPECIFICATIONS[profile])
    header = _el(root, "rsm:ExchangedDocument")
    _el(header, "ram:ID", invoice.number)
    _el(header, "ram:TypeCode", invoice.type_code)
    _date(header, "ram:IssueDateTime", invoice.issue_date)
    for note in invoice.notes:
        _el(_el(header, "ram:IncludedNote"), "ram:Content", note)

    transaction = _el(root, "rsm:SupplyChainTradeTransaction")
    for line in invoice.lines:
        item = _el(transaction, "ram:IncludedSupplyChainTradeLineItem")
        _el(_el(item, "ram:AssociatedDocumentLineDocument"), "ram:LineID", line.number)
        product = _el(item, "ram:SpecifiedTradeProduct")
        if line.article_number:
            _el(product, "ram:SellerAssignedID", line.article_number)
        _el(product, "ram:Name", line.name)
        if line.description:
            _el(product, "ram:Description", line.description)
        agreement = _el(item, "ram:SpecifiedLineTradeAgreement")
        _el(_el(agreement, "ram:NetPriceProductTradePrice"), "ram:ChargeAmount", number(line.price))
        _el(_el(item, "ram:SpecifiedLineTradeDelivery"), "ram:BilledQuantity", number(line.quantity),
            unitCode=line.unit)
        settlement = _el(item, "ram:SpecifiedLineTradeSettlement")
        _tax(settlement, "ram:ApplicableTradeTax", line.category, line.rate)
        if line.allowance:
            allowance = _el(settlement, "ram:SpecifiedTradeAllowanceCharge")
            _el(_el(allowance, "ram:ChargeIndicator"), "udt:Indicator", "false")
            _el(allowance, "ram:ActualAmount", amount(line.allowance))
            _el(allowance, "ram:ReasonCode", "95")
            _el(allowance, "ram:Reason", "Rabatt")
        _el(_el(settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation"), "ram:LineTotalAmount",
            amount(line.net))

    agreement = _el(transaction, "ram:ApplicableHeaderTradeAgreement")
    _el(agreement, "ram:BuyerReference", invoice.buyer_reference)
    _party(agreement, "ram:SellerTradeParty", invoice.seller)
    _party(agreement, "ram:BuyerTradeParty", invoice.buyer)
    if invoice.order_reference:
        _el(_el(agreement, "ram:BuyerOrderReferencedDocument"), "ram:IssuerAssignedID", invoice.order_reference)
    delivery = _el(transaction, "ram:ApplicableHeaderTradeDelivery")
    if invoice.ship_to:
        ship = _el(delivery, "ram:ShipToTradeParty")
        _el(ship, "ram:Name", invoice.ship_to.name)
        address = _el(ship, "ram:PostalTradeAddress")
        for tag, value in (("ram:PostcodeCode", invoice.ship_to.postal_code), ("ram:LineOne", invoice.ship_to.street),
                           ("ram:CityName", invoice.ship_to.city)):
            if value:
                _el(address, tag, value)
        _el(address, "ram:CountryID", invoice.ship_to.country)
    if invoice.delivery_date:
        _date(_el(delivery, "ram:ActualDeliverySupplyChainEvent"), "ram:OccurrenceDateTime", invoice.delivery_date)

    settlement = _el(transaction, "ram:ApplicableHeaderTradeSettlement")
    _el(settlement, "ram:InvoiceCurrencyCode", invoice.currency)
    if invoice.iban and not invoice.credit_note:
        means = _el(settlement, "ram:SpecifiedTradeSettlementPaymentMeans")
        _el(means, "ram:TypeCode", "58")
        account = _el(means, "ram:PayeePartyCreditorFinancialAccount")
        _el(account, "ram:IBANID", invoice.iban)
        if invoice.bic:
            _el(_el(means, "ram:PayeeSpecifiedCreditorFinancialInstitution"), "ram:BICID", invoice.bic)
    for row in invoice.taxes:
        tax = _el(settlement, "ram:ApplicableTradeTax")
        _el(tax, "ram:CalculatedAmount", amount(row.tax))
        _el(tax, "ram:TypeCode", "VAT")
        if row.exemption_reason:
            _el(tax, "ram:ExemptionReason", row.exemption_reason)
        _el(tax, "ram:BasisAmount", amount(row.basis))
        _el(tax, "ram:CategoryCode", row.category)
        if row.exemption_code:
            _el(tax, "ram:ExemptionReasonCode", row.exemption_code)
        _el(tax, "ram:RateApplicablePercent", number(row.rate))
    if invoice.period:
        period = _el(settlement, "ram:BillingSpecifiedPeriod")
        _date(period, "ram:StartDateTime", invoice.period[0])
        _date(period, "ram:EndDateTime", invoice.period[1])
    for item in invoice.allowances:
        element = _el(settlement, "ram:SpecifiedTradeAllowanceCharge")
        _el(_el(element, "ram:ChargeIndicator"), "udt:Indicator", "true" if item.charge else "false")
        _el(element, "ram:ActualAmount", amount(item.amount))
        if item.reason_code:
            _el(element, "ram:ReasonCode", item.reason_code)
        _el(element, "ram:Reason", item.reason)
        _tax(element, "ram:CategoryTradeTax", item.category, item.rate)
    if invoice.payment_terms or invoice.due_date:
        terms = _el(settlement, "ram:SpecifiedTradePaymentTerms")
        if invoice.payment_terms:
            _el(terms, "ram:Description", invoice.payment_terms)
        if invoice.due_date:
            _date(terms, "ram:DueDateDateTime", invoice.due_date)
    sums = _el(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    _el(sums, "ram:LineTotalAmount", amount(invoice.line_total))
    _el(sums, "ram:ChargeTotalAmount", amount(invoice.charge_total))
    _el(sums, "ram:AllowanceTotalAmount", amount(invoice.allowance_total))
    _el(sums, "ram:TaxBasisTotalAmount", amount(invoice.tax_basis))
    _el(sums, "ram:TaxTotalAmount", amount(invoice.tax_total), currencyID=invoice.currency)
    _el(sums, "ram:GrandTotalAmount", amount(invoice.grand_total))
    _el(sums, "ram:DuePayableAmount", amount(invoice.due_payable))
    if invoice.preceding:
        reference = _el(settlement, "ram:InvoiceReferencedDocument")
        _el(reference, "ram:IssuerAssignedID", invoice.preceding[0])
        _date(reference, "ram:FormattedIssueDateTime", invoice.preceding[1], qualified=True)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
