"""E-invoices in: a supplier's XRechnung or ZUGFeRD/Factur-X invoice becomes a checked
supplier-invoice draft (kontor.core.purchasing.invoices), as if the clerk had typed it.

1. The supplier is found by the seller's VAT ID.
2. The same supplier invoice number entered before is refused (409), whatever the file name.
3. Lines are matched to our articles: the buyer's article number (ours), else the supplier's
   article number from the article's supplier data, else our number equal to the supplier's.
4. The supplier's checked goods receipts holding those articles, oldest first, become the
   invoice's receipts as far as the invoiced quantities reach; what the file bills beyond
   received goods (services, freight, surcharges, allowances) becomes non-material lines.
5. The file's net, VAT and gross are the amounts entered; the sum check compares them with
   what kontor computes from the receipts' checked prices, to the cent, and each line whose
   price or quantity differs from the receipt is named, so the clerk corrects before booking.
The file itself is kept (`EinvoiceImport`), byte for byte.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from sqlmodel import Session, select

from kontor.core.context import Context
from kontor.core.documents.models import Document
from kontor.core.documents.services import lines_of
from kontor.core.documents.totals import rate_key
from kontor.core.einvoice.models import EinvoiceImport
from kontor.core.einvoice.reading import ReceivedInvoice, read_einvoice, xml_of
from kontor.core.masterdata.articles.models import Article, ArticleSupplier
from kontor.core.masterdata.basics.models import TaxCode
from kontor.core.masterdata.parties.models import Supplier
from kontor.core.purchasing.checking import checked_receipts
from kontor.core.purchasing.common import PURCHASING
from kontor.core.purchasing.invoices import SumCheck, create_supplier_invoice, sum_check
from kontor.core.purchasing.models import SupplierInvoiceEntry
from kontor.core.purchasing.quantities import taken_into
from kontor.core.purchasing.schemas import ExtraLine, SupplierInvoiceCreate
from kontor.core.users.permissions import Level
from kontor.errors import Conflict, Invalid

ZERO = Decimal(0)
MAX_FILE = 20 * 1024 * 1024


@dataclass
class ImportResult:
    document_id: int
    supplier_id: int
    supplier_invoice_number: str
    syntax: str
    receipt_ids: list[int]
    check: SumCheck
    line_differences: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    @property
    def agrees(self) -> bool:
        return self.check.agrees and not self.line_differences


def import_einvoice(session: Session, ctx: Context, content: bytes, filename: str = "") -> ImportResult:
    ctx.require(PURCHASING, Level.WRITE)
    if not content:
        raise Invalid.field("file", "required", "send the e-invoice (XML, or PDF with the XML embedded)")
    if len(content) > MAX_FILE:
        raise Invalid.field("file", "max_size", "an e-invoice file has at most 20 MB")
    received = read_einvoice(content)
    if received.type_code == "381":
        raise Invalid.field("file", "invoice", "the file is a credit note; a supplier's credit note is entered "
                                               "with the return to the supplier")
    if not received.number:
        raise Invalid.field("file", "einvoice", "the invoice has no number (BT-1)")
    supplier = _supplier(session, ctx, received)
    if session.exec(select(SupplierInvoiceEntry.document_id).where(
            SupplierInvoiceEntry.tenant_id == ctx.tenant_id, SupplierInvoiceEntry.supplier_id == supplier.id,
            SupplierInvoiceEntry.supplier_invoice_number == received.number)).first() is not None:
        raise Conflict(f"invoice {received.number} of supplier {supplier.number} ({supplier.short_name}) "
                       "is entered already; the file is a duplicate")
    articles = _articles(session, ctx, supplier, received)
    wanted: dict[int, Decimal] = {}
    for line, article_id in zip(received.lines, articles):
        if article_id is not None:
            wanted[article_id] = wanted.get(article_id, ZERO) + line.quantity
    receipts, covered = _receipts(session, ctx, supplier, wanted)
    if not receipts:
        raise Conflict(f"no checked goods receipt of supplier {supplier.number} ({supplier.short_name}) holds the "
                       f"articles of invoice {received.number}; receive and check the goods first")
    extras, extra_texts = _extras(session, ctx, received, articles, covered)
    document = create_supplier_invoice(session, ctx, SupplierInvoiceCreate(
        receipt_ids=receipts, supplier_invoice_number=received.number, supplier_invoice_date=received.issue_date,
        net_amount=received.net, tax_amount=received.tax, gross_amount=received.gross, extras=extras))
    session.add(EinvoiceImport(tenant_id=ctx.tenant_id, supplier_id=supplier.id, invoice_number=received.number,
                               document_id=document.id, syntax=received.syntax, filename=filename[:200],
                               sha256=hashlib.sha256(content).hexdigest(), content=content, username=ctx.username))
    session.flush()
    return ImportResult(document_id=document.id, supplier_id=supplier.id, supplier_invoice_number=received.number,
                        syntax=("facturx-" if xml_of(content)[1] == "pdf" else "") + received.syntax,
                        receipt_ids=receipts, check=sum_check(session, ctx, document.id),
                        line_differences=_differences(session, document, received, articles), extras=extra_texts)


def _supplier(session: Session, ctx: Context, received: ReceivedInvoice) -> Supplier:
    vat_id = "".join(received.seller_vat_id.split()).upper()
    if not vat_id:
        raise Invalid.field("file", "seller_vat_id", f"the invoice names no VAT ID of the seller "
                                                     f"({received.seller_name}); enter it by hand")
    supplier = session.exec(select(Supplier).where(Supplier.tenant_id == ctx.tenant_id,
                                                   Supplier.vat_id == vat_id)).first()
    if supplier is None:
        raise Invalid.field("file", "supplier", f"no supplier has the VAT ID {vat_id} ({received.seller_name}); "
                                                "enter it on the supplier first")
    return supplier


def _articles(session: Session, ctx: Context, supplier: Supplier, received: ReceivedInvoice) -> list[int | None]:
    ours = {number: article_id for number, article_id in session.exec(
        select(Article.number, Article.id).where(Article.tenant_id == ctx.tenant_id))}
    theirs = {number: article_id for number, article_id in session.exec(
        select(ArticleSupplier.order_number, ArticleSupplier.article_id).where(
            ArticleSupplier.tenant_id == ctx.tenant_id, ArticleSupplier.supplier_id == supplier.id,
            ArticleSupplier.order_number != ""))}
    return [ours.get(line.buyer_article) or theirs.get(line.seller_article) or ours.get(line.seller_article)
            if (line.buyer_article or line.seller_article) else None for line in received.lines]


def _receipts(session: Session, ctx: Context, supplier: Supplier,
              wanted: dict[int, Decimal]) -> tuple[list[int], dict[int, Decimal]]:
    """The supplier's checked receipts whose open quantities fit into what the file bills."""
    candidates = list(session.exec(select(Document).where(
        Document.tenant_id == ctx.tenant_id, Document.kind == "goods_receipt", Document.supplier_id == supplier.id)
        .order_by(Document.doc_date, Document.id)))
    checked = checked_receipts(session, [d.id for d in candidates])
    left, chosen = dict(wanted), []
    for receipt in (d for d in candidates if d.id in checked):
        lines = lines_of(session, receipt.id)
        ids = [line.id for line in lines]
        returned, invoiced = taken_into(session, ids, "supplier_return"), taken_into(session, ids, "supplier_invoice")
        open_ = {}
        for line in lines:
            rest = line.quantity - returned[line.id] - invoiced[line.id]
            if rest > 0:
                open_[line.article_id] = open_.get(line.article_id, ZERO) + rest
        if open_ and all(article in left and quantity <= left[article] for article, quantity in open_.items()):
            chosen.append(receipt.id)
            for article, quantity in open_.items():
                left[article] -= quantity
    covered = {article: wanted[article] - left[article] for article in wanted}
    return chosen, covered


def _tax_code(session: Session, ctx: Context, rate: Decimal) -> int | None:
    for code in session.exec(select(TaxCode).where(TaxCode.tenant_id == ctx.tenant_id).order_by(TaxCode.code)):
        if rate_key(code.rate) == rate_key(rate) and code.kind in ("standard", "reduced", "zero"):
            return code.id
    return None


def _extras(session, ctx, received: ReceivedInvoice, articles, covered) -> tuple[list[ExtraLine], list[str]]:
    """What the file bills beyond the received goods, as non-material lines."""
    extras, texts = [], []
    left = dict(covered)
    for line, article_id in zip(received.lines, articles):
        taken = min(line.quantity, left.get(article_id, ZERO)) if article_id is not None else ZERO
        if article_id is not None:
            left[article_id] = left.get(article_id, ZERO) - taken
        if taken == line.quantity:
            continue
        amount = line.net if taken == 0 else (line.net * (line.quantity - taken) / line.quantity).quantize(Decimal("0.01"))
        extras.append(ExtraLine(kind="other", text=(line.name or line.seller_article)[:200], amount=amount,
                                tax_code_id=_tax_code(session, ctx, line.rate)))
        texts.append(f"{line.name}: {amount:.2f}")
    for charge in received.charges:
        reason = charge.reason.lower()
        kind = "freight" if ("fracht" in reason or "freight" in reason) else (
            "packaging" if ("verpack" in reason or "packag" in reason) else (
                "insurance" if ("versich" in reason or "insur" in reason) else "other"))
        amount = charge.amount if charge.charge else -charge.amount
        extras.append(ExtraLine(kind=kind, text=charge.reason[:200], amount=amount,
                                tax_code_id=_tax_code(session, ctx, charge.rate)))
        texts.append(f"{charge.reason}: {amount:.2f}")
    return extras, texts


def _differences(session: Session, document: Document, received: ReceivedInvoice, articles) -> list[str]:
    """Lines whose billed price or quantity differs from the received, checked goods."""
    drafted: dict[int, list] = {}
    for line in lines_of(session, document.id):
        drafted.setdefault(line.article_id, []).append(line)
    found = []
    billed: dict[int, Decimal] = {}
    for line, article_id in zip(received.lines, articles):
        if article_id is None or article_id not in drafted:
            continue
        billed[article_id] = billed.get(article_id, ZERO) + line.quantity
        for ours in drafted[article_id]:
            if ours.unit_price != line.price:
                found.append(f"{line.name}: billed at {line.price.normalize():f}, checked at "
                             f"{ours.unit_price.normalize():f}")
    for article_id, lines in drafted.items():
        received_quantity = sum((line.quantity for line in lines), ZERO)
        if article_id in billed and billed[article_id] != received_quantity:
            found.append(f"{lines[0].description}: billed {billed[article_id].normalize():f}, received "
                         f"{received_quantity.normalize():f}")
    return found
