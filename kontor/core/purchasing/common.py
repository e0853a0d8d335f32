"""What every purchase document needs: the supplier as party, purchase prices, tax codes,
the document header, line building and saving (totals, audit, event).

Purchase documents share the document tables with the sales side but never its services:
those price for customers and check the sales permission. Prices here come from the
supplier's article data (`ArticleSupplier.net_price`), else the article's purchase price;
totals follow the one rounding rule of kontor.core.documents.totals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlmodel import Session, select

from kontor.core.audit import record_change, snapshot
from kontor.core.context import Context
from kontor.core.documents.builders import purchase_line_for
from kontor.core.documents.currency import assign_rate, choose_currency, convert_price
from kontor.core.documents.kinds import kind_of
from kontor.core.documents.models import Document, DocumentLine
from kontor.core.documents.services import lines_of, update_totals
from kontor.core.documents.totals import line_net
from kontor.core.events import after_commit
from kontor.core.masterdata.articles.models import Article, ArticleSupplier
from kontor.core.masterdata.basics.models import TaxCode, Unit
from kontor.core.masterdata.basics.numbering import next_number
from kontor.core.masterdata.parties.models import Supplier
from kontor.core.users.permissions import Level
from kontor.errors import Conflict, Invalid, NotFound

PURCHASING = "purchasing"
ZERO = Decimal("0")
ORDER_KINDS = ("purchase_order", "internal_order")  # what is on order (blanket orders are frames)


def label(document: Document) -> str:
    return f"{document.kind.replace('_', ' ')} {document.number or f'(draft {document.id})'}"


def load_supplier(session: Session, ctx: Context, supplier_id: int | None, field_name: str = "supplier_id") -> Supplier:
    supplier = session.get(Supplier, supplier_id) if supplier_id is not None else None
    if supplier is None or supplier.tenant_id != ctx.tenant_id:
        raise Invalid.field(field_name, "exists", f"no supplier with id {supplier_id}")
    return supplier


def refuse_blocked_supplier(supplier: Supplier, what: str) -> None:
    if supplier.blocked:
        reason = f": {supplier.blocked_reason}" if supplier.blocked_reason else ""
        raise Conflict(f"supplier {supplier.number} ({supplier.short_name}) is blocked{reason}; no new {what}")
    if not supplier.approved:
        raise Conflict(f"supplier {supplier.number} ({supplier.short_name}) is not approved to supply; no new {what}")


def get_purchase_document(session: Session, ctx: Context, document_id: int, kinds: tuple[str, ...] | None = None,
                          *, for_update: bool = False, field_name: str | None = None) -> Document:
    """A purchase document of this tenant (of one of `kinds`); with `field_name` a missing one
    is bad input naming that field, otherwise it is not found."""
    ctx.require(PURCHASING, Level.READ)
    statement = select(Document).where(Document.id == document_id, Document.tenant_id == ctx.tenant_id)
    if for_update:
        statement = statement.with_for_update()
    document = session.exec(statement).first()
    wrong = document is None or kind_of(document.kind).side != "purchase" or (kinds and document.kind not in kinds)
    if wrong:
        what = " or ".join(k.replace("_", " ") for k in kinds) if kinds else "purchase document"
        if field_name:
            raise Invalid.field(field_name, "exists", f"no {what} with id {document_id}")
        raise NotFound(f"no {what} with id {document_id}")
    return document


def new_document(session: Session, ctx: Context, kind: str, supplier: Supplier, doc_date: date | None,
                 *, numbered: bool = True, currency: str | None = None) -> Document:
    """A purchase document's header from the supplier: address, currency and terms. The
    currency is `currency` (that of the documents it is made from), else the one the
    kontor_document_currency hook chooses for the supplier; the rate is that of its date."""
    document = Document(tenant_id=ctx.tenant_id, kind=kind_of(kind).name, doc_date=doc_date or date.today(),
                        clerk=ctx.username, state="open", supplier_id=supplier.id)
    for prefix in ("bill", "ship"):
        for name in ("name1", "name2", "street", "postal_code", "city", "country_code"):
            setattr(document, f"{prefix}_{name}", getattr(supplier, name))
    for name in ("payment_term_id", "delivery_term_id", "shipping_method_id"):
        setattr(document, name, getattr(supplier, name))
    choose_currency(session, ctx, document, supplier, currency)
    assign_rate(session, ctx, document)
    if numbered:
        document.number = next_number(session, ctx.tenant_id, kind_of(kind).number_range)
    session.add(document)
    session.flush()
    return document


@dataclass
class Lines:
    """Tax codes, units and supplier prices of one document, loaded once; builds its lines."""

    session: Session
    ctx: Context
    document: Document
    tax_codes: dict[int, TaxCode] = field(default_factory=dict)
    units: dict[int, str] = field(default_factory=dict)
    position: int = 0

    @classmethod
    def load(cls, session: Session, ctx: Context, document: Document) -> Lines:
        codes = {t.id: t for t in session.exec(select(TaxCode).where(TaxCode.tenant_id == ctx.tenant_id))}
        units = {u.id: u.code for u in session.exec(select(Unit).where(Unit.tenant_id == ctx.tenant_id))}
        return cls(session, ctx, document, codes, units)

    def article(self, article_id: int, field_name: str) -> Article:
        article = self.session.get(Article, article_id)
        if article is None or article.tenant_id != self.ctx.tenant_id:
            raise Invalid.field(field_name, "exists", f"no article with id {article_id}")
        return article

    def tax_code(self, wanted: int | None, article: Article | None, field_name: str) -> TaxCode:
        if wanted is not None:
            if wanted not in self.tax_codes:
                raise Invalid.field(field_name, "exists", f"no tax code with id {wanted}")
            return self.tax_codes[wanted]
        if article is not None and article.tax_code_id in self.tax_codes:
            return self.tax_codes[article.tax_code_id]
        for code in sorted(self.tax_codes.values(), key=lambda c: c.code):
            if code.kind == "standard":
                return code
        raise Invalid.field(field_name, "tax_code", "no standard tax code is set up in the basics")

    def supplier_terms(self, article: Article) -> ArticleSupplier | None:
        return self.session.exec(select(ArticleSupplier).where(
            ArticleSupplier.article_id == article.id, ArticleSupplier.supplier_id == self.document.supplier_id,
            ArticleSupplier.tenant_id == self.ctx.tenant_id)).first()

    def price(self, article: Article) -> tuple[Decimal, str]:
        """The purchase price of an article from this document's supplier: the supplier's net
        price, else its gross price less its discount (both in the currency of the supplier's
        article data), else the article's purchase price (home currency); an internal order
        between branches is priced at the average purchase price (at cost). The price comes
        in the document's currency (kontor.core.documents.currency.convert_price)."""
        price, source, currency = self._price(article)
        return convert_price(self.session, self.ctx, price, currency, self.document), source

    def _price(self, article: Article) -> tuple[Decimal, str, str]:
        if self.document.kind == "internal_order":
            return (article.average_cost or article.purchase_price), "average_cost", ""
        terms = self.supplier_terms(article)
        if terms is not None and terms.net_price:
            return terms.net_price, "supplier_net_price", terms.currency_code
        if terms is not None and terms.gross_price:
            return (terms.gross_price * (100 - terms.discount_percent) / 100, "supplier_gross_price",
                    terms.currency_code)
        return article.purchase_price, "purchase_price", ""

    def lead_date(self, article: Article | None) -> date | None:
        terms = self.supplier_terms(article) if article is not None else None
        return self.document.doc_date + timedelta(days=terms.lead_time_days) if terms is not None else None

    def build(self, path: str, *, article_id: int | None, quantity: Decimal, unit_price: Decimal | None,
              description: str = "", source: DocumentLine | None = None, source_kind: str = "",
              tax_code_id: int | None = None, article_type: str | None = None) -> DocumentLine:
        """A new line: from a source line (its article, text and price), an article, or free text."""
        self.position += 1
        if source is not None:
            # the builder of the kind names what the line carries (kontor.core.documents.builders)
            line = purchase_line_for(self.ctx, self.session, self.document.kind, source, source_kind, quantity)
            line.document_id, line.position = self.document.id, self.position
        else:
            line = DocumentLine(tenant_id=self.ctx.tenant_id, document_id=self.document.id, position=self.position,
                                quantity=quantity)
            if article_id is not None:
                article = self.article(article_id, f"{path}.article_id")
                line.article_id = article.id
                line.article_number = article.number
                line.description = description or article.description
                line.article_type = article.article_type
                line.unit = self.units.get(article.unit_id, "")
                tax = self.tax_code(tax_code_id, article, f"{path}.tax_code_id")
                line.tax_code_id, line.tax_rate = tax.id, tax.rate
                line.unit_price, line.price_source = self.price(article)
            else:
                if not description:
                    raise Invalid.field(f"{path}.description", "required", "a line without article needs a description")
                if unit_price is None:
                    raise Invalid.field(f"{path}.unit_price", "required", "a line without article needs a price")
                line.temporary = True
                line.description = description
                line.article_type = article_type or "M"
                tax = self.tax_code(tax_code_id, None, f"{path}.tax_code_id")
                line.tax_code_id, line.tax_rate = tax.id, tax.rate
        if unit_price is not None:
            line.unit_price, line.price_source = unit_price, "manual"
        line.cost_price = line.unit_price
        line.net_amount = line_net(line.quantity, line.unit_price, line.discount_percent)
        self.session.add(line)
        return line


def save(session: Session, ctx: Context, document: Document, action: str, *, event: bool = True) -> None:
    """Totals and the audit entry of a saved purchase document; plugins hear of it after commit."""
    session.flush()
    update_totals(session, document)
    after = snapshot(document)
    after["lines"] = [snapshot(line) for line in lines_of(session, document.id)]
    record_change(session, ctx, "documents", document.id, action, None, after)
    if event:
        after_commit(session, ctx, ctx.hooks.kontor_document_created, document_id=document.id, kind=document.kind,
                     number=document.number)


def refuse_closed(document: Document) -> None:
    """Posted, done, cancelled or archived purchase documents take no new follow-ups."""
    if document.posted_at is not None or document.archived_at is not None:
        raise Conflict(f"{label(document)} is booked and never changes")
    if document.done:
        raise Conflict(f"{label(document)} is done; bring it back to the working list first")
    if document.state == "cancelled":
        raise Conflict(f"{label(document)} is cancelled")
