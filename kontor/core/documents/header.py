"""A document's header taken over from the customer, and texts filled from text blocks."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from kontor.core.context import Context
from kontor.core.documents.models import Document
from kontor.core.documents.schemas import HeaderInput
from kontor.core.masterdata.basics.models import DeliveryTerm, PaymentTerm
from kontor.core.masterdata.basics.parameters import PARAMETERS_KEY
from kontor.core.masterdata.parties.models import Customer, CustomerAddress
from kontor.core.masterdata.texts.models import TextBlock
from kontor.core.printing.translations import text_block_body
from kontor.core.masterdata.texts.placeholders import fill
from kontor.core.resources import check_references
from kontor.core.tenancy.services import get_setting
from kontor.errors import Conflict, Invalid

# Kinds a blocked customer gets none of (quotes and inquiries stay possible).
BLOCKED_KINDS = ("order", "delivery_note", "invoice", "picking_slip", "partial_invoice", "final_invoice")


def load_customer(session: Session, ctx: Context, customer_id: int, field: str = "customer_id") -> Customer:
    customer = session.get(Customer, customer_id)
    if customer is None or customer.tenant_id != ctx.tenant_id:
        raise Invalid.field(field, "exists", f"no customer with id {customer_id}")
    return customer


def refuse_blocked(customer: Customer, kind: str) -> None:
    if customer.blocked and kind in BLOCKED_KINDS:
        reason = f": {customer.blocked_reason}" if customer.blocked_reason else ""
        raise Conflict(f"customer {customer.number} ({customer.short_name}) is blocked{reason}; no new {kind.replace('_', ' ')}")


ADDRESS_FIELDS = ("name1", "name2", "street", "postal_code", "city", "country_code")
# Header fields a document takes over from its customer under the same name (the currency is
# chosen by the kontor_document_currency hook, kontor.core.documents.currency).
CUSTOMER_FIELDS = ("price_class", "payment_term_id", "delivery_term_id", "shipping_method_id",
                   "sales_rep_id", "agent_id", "category_id", "order_info")


def take_over_customer(session: Session, document: Document, customer: Customer) -> None:
    """Addresses, terms and people of the customer; the clerk may change each afterwards.
    Invoices go to the alternative invoice recipient where the customer has one."""
    recipient = customer
    if customer.invoice_recipient_id:
        recipient = session.get(Customer, customer.invoice_recipient_id) or customer
    document.customer_id = customer.id
    copy_address(document, "bill", recipient)
    copy_address(document, "ship", customer)
    default_address = session.exec(
        select(CustomerAddress).where(CustomerAddress.customer_id == customer.id, CustomerAddress.is_default.is_(True))
    ).first()
    if default_address is not None:
        copy_address(document, "ship", default_address)
    for name in CUSTOMER_FIELDS:
        setattr(document, name, getattr(customer, name))


def copy_address(document: Document, prefix: str, source) -> None:
    for name in ADDRESS_FIELDS:
        setattr(document, f"{prefix}_{name}", getattr(source, name))


_TEXT_CODES = {"header_text_code": "header_text", "footer_text_code": "footer_text"}
_DIRECT = set(HeaderInput.model_fields) - set(_TEXT_CODES) - {"delivery_address_id", "packages", "exchange_rate"}


def apply_header(session: Session, ctx: Context, document: Document, data: HeaderInput, given: set[str]) -> None:
    """Set the header fields the clerk gave (only those), checking references in the tenant."""
    for name in given & _DIRECT:
        value = getattr(data, name)
        if value is None and name in ("doc_date", "end_discount_percent"):
            raise Invalid.field(name, "required", f"{name} cannot be empty")
        if value is None and not name.endswith("_id") and not name.endswith("_date"):
            value = ""
        setattr(document, name, value)
    if "packages" in given:
        document.packages = [p.model_dump(mode="json") for p in data.packages or []]
    if data.delivery_address_id is not None:
        address = session.get(CustomerAddress, data.delivery_address_id)
        if address is None or address.customer_id != document.customer_id:
            raise Invalid.field("delivery_address_id", "of_customer", "the delivery address is not one of this customer's")
        copy_address(document, "ship", address)
    problems = check_references(session, ctx, document)
    if problems:
        raise Invalid(problems)
    for code_field, text_field in _TEXT_CODES.items():
        code = getattr(data, code_field)
        if code:
            setattr(document, text_field, fill_text_block(session, ctx, document, code, code_field))


def fill_text_block(session: Session, ctx: Context, document: Document, code: str, field: str) -> str:
    block = session.exec(select(TextBlock).where(TextBlock.tenant_id == ctx.tenant_id, TextBlock.code == code)).first()
    if block is None:
        raise Invalid.field(field, "exists", f"no text block '{code}'")
    customer = session.get(Customer, document.customer_id) if document.customer_id else None
    body = text_block_body(session, block, customer.language_code if customer else None)  # in his language
    return fill(body, placeholder_values(session, ctx, document))


def placeholder_values(session: Session, ctx: Context, document: Document) -> dict[str, object]:
    customer = session.get(Customer, document.customer_id) if document.customer_id else None
    payment = session.get(PaymentTerm, document.payment_term_id) if document.payment_term_id else None
    delivery = session.get(DeliveryTerm, document.delivery_term_id) if document.delivery_term_id else None
    company = (get_setting(session, ctx.tenant_id, PARAMETERS_KEY, {}) or {}).get("company_name", "")
    return {
        "company_name": company,
        "customer_number": customer.number if customer else "",
        "customer_name": customer.name1 if customer else "",
        "customer_short_name": customer.short_name if customer else "",
        "document_number": document.number or "",
        "document_date": document.doc_date.strftime("%d.%m.%Y"),
        "customer_order_number": document.customer_order_number,
        "delivery_date": document.customer_delivery_date.strftime("%d.%m.%Y") if document.customer_delivery_date else "",
        "payment_term": payment.text if payment else "",
        "delivery_term": delivery.name if delivery else "",
        "total": f"{document.gross_total:.2f}",
        "currency": document.currency_code,
        "clerk": document.clerk,
        "today": date.today().strftime("%d.%m.%Y"),
    }
