"""Building document lines: the article, its price (through the pricing hook), its tax,
and the follow-up articles that come with it."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlmodel import Session, select

from kontor.core.context import Context
from kontor.core.documents.currency import convert_price, from_home
from kontor.core.documents.discounts import remember_quantity_breaks
from kontor.core.documents.groups import build_subtotal
from kontor.core.documents.models import Document, DocumentLine
from kontor.core.documents.pricing import PriceRequest
from kontor.core.documents.schemas import LineInput
from kontor.core.documents.totals import line_net
from kontor.core.masterdata.articles.models import ARTICLE_TYPES, Article, ArticleFollowUp
from kontor.core.masterdata.basics.models import TaxCode, Unit
from kontor.core.masterdata.parties.models import Customer
from kontor.errors import Invalid


@dataclass
class LineContext:
    """What every line of one document needs, loaded once."""

    session: Session
    ctx: Context
    document: Document
    customer: Customer | None
    tax_codes: dict[int, TaxCode] = field(default_factory=dict)
    units: dict[int, str] = field(default_factory=dict)
    follow_ups: dict[int, list[ArticleFollowUp]] = field(default_factory=dict)  # prefetched per article

    @classmethod
    def load(cls, session: Session, ctx: Context, document: Document, customer: Customer | None) -> "LineContext":
        codes = {t.id: t for t in session.exec(select(TaxCode).where(TaxCode.tenant_id == ctx.tenant_id))}
        units = {u.id: u.code for u in session.exec(select(Unit).where(Unit.tenant_id == ctx.tenant_id))}
        return cls(session, ctx, document, customer, codes, units)

    def prefetch(self, article_ids: set[int]) -> None:
        """Load the articles of all new lines, their follow-ups and quantity breaks in three
        queries instead of three per line; later lookups find them in the session."""
        ids = {a for a in article_ids if a is not None}
        if not ids:
            return
        list(self.session.exec(select(Article).where(Article.tenant_id == self.ctx.tenant_id, Article.id.in_(ids))))
        follow_ups: dict[int, list[ArticleFollowUp]] = {a: [] for a in ids}
        for follow_up in self.session.exec(
            select(ArticleFollowUp).where(ArticleFollowUp.article_id.in_(ids)).order_by(ArticleFollowUp.id)
        ):
            follow_ups[follow_up.article_id].append(follow_up)
        self.follow_ups.update(follow_ups)
        remember_quantity_breaks(self.session, self.ctx.tenant_id, ids)

    def article(self, article_id: int, field_name: str) -> Article:
        article = self.session.get(Article, article_id)
        if article is None or article.tenant_id != self.ctx.tenant_id:
            raise Invalid.field(field_name, "exists", f"no article with id {article_id}")
        if article.blocked:
            raise Invalid.field(field_name, "not_blocked", f"article {article.number} is blocked")
        return article

    def tax_code(self, wanted: int | None, article: Article | None, field_name: str) -> TaxCode:
        """The line's tax code: the one asked for; else what the customer's tax status demands
        (tax-exempt EU customer, customer not liable to VAT); else the article's; else standard."""
        if wanted is not None:
            if wanted not in self.tax_codes:
                raise Invalid.field(field_name, "exists", f"no tax code with id {wanted}")
            return self.tax_codes[wanted]
        customer = self.customer
        if customer is not None and customer.eu_tax_exempt:
            return self._of_kind("intra_eu_supply", field_name)
        if customer is not None and not customer.vat_liable:
            return self._of_kind("exempt", field_name)
        if article is not None and article.tax_code_id in self.tax_codes:
            return self.tax_codes[article.tax_code_id]
        return self._of_kind("standard", field_name)

    def _of_kind(self, kind: str, field_name: str) -> TaxCode:
        for code in sorted(self.tax_codes.values(), key=lambda c: c.code):
            if code.kind == kind:
                return code
        raise Invalid.field(field_name, "tax_code", f"no tax code of kind '{kind}' is set up in the basics")


def build_line(lc: LineContext, data: LineInput, position: int, path: str) -> DocumentLine:
    """A new line from the clerk's input; prices come from the pricing hook unless given."""
    if data.line_kind == "subtotal":
        return build_subtotal(lc.ctx.tenant_id, lc.document.id, data, position, path)
    article = lc.article(data.article_id, f"{path}.article_id") if data.article_id is not None else None
    if article is None and not data.description:
        raise Invalid.field(f"{path}.description", "required", "a temporary article needs a description")
    article_type = article.article_type if article else (data.article_type or "M")
    if article_type not in ARTICLE_TYPES:
        raise Invalid.field(f"{path}.article_type", "one_of", "use M, L, F, D or P")
    line = DocumentLine(
        tenant_id=lc.ctx.tenant_id,
        document_id=lc.document.id,
        position=position,
        article_id=article.id if article else None,
        temporary=article is None,
        article_number=article.number if article else data.article_number,
        description=data.description or (article.description if article else ""),
        long_text=data.long_text or (article.long_description if article else ""),
        article_type=article_type,
        quantity=data.quantity,
        unit=data.unit or (lc.units.get(article.unit_id, "") if article else ""),
        optional=data.optional,
    )
    apply_price(lc, line, article, data, path)
    return line


def apply_price(lc: LineContext, line: DocumentLine, article: Article | None, data: LineInput, path: str) -> None:
    """Price, discount, tax and cost of a line; the hook decides what the clerk left empty."""
    source = "manual"
    price, discount = data.unit_price, data.discount_percent
    if price is None:
        if article is None:
            raise Invalid.field(f"{path}.unit_price", "required", "a temporary article needs a unit price")
        quote = lc.ctx.hooks.kontor_unit_price(
            ctx=lc.ctx, session=lc.session,
            request=PriceRequest(article=article, customer=lc.customer, quantity=line.quantity, on=lc.document.doc_date,
                                 currency_code=lc.document.currency_code),
        )
        price, source = quote.unit_price, quote.source
        if quote.currency_code != lc.document.currency_code:
            price = convert_price(lc.session, lc.ctx, price, quote.currency_code, lc.document)
        if discount is None:
            discount = quote.discount_percent
    tax = lc.tax_code(data.tax_code_id, article, f"{path}.tax_code_id")
    line.unit_price = Decimal(price)
    line.discount_percent = Decimal(discount or 0)
    line.price_source = source[:60]
    line.tax_code_id = tax.id
    line.tax_rate = tax.rate
    if data.cost_price is not None:
        line.cost_price = data.cost_price
    elif article is not None:  # in the document's currency, so the calculation compares like with like
        cost = lc.ctx.hooks.kontor_article_cost(ctx=lc.ctx, session=lc.session, article=article,
                                                on=lc.document.doc_date)
        line.cost_price = from_home(cost if cost is not None else article.landed_cost or article.purchase_price,
                                    lc.document)
    line.net_amount = line_net(line.quantity, line.unit_price, line.discount_percent)


def follow_up_inputs(lc: LineContext, data: LineInput) -> list[LineInput]:
    """Lines for the follow-up articles of the line's article (quantity per unit of it)."""
    if data.article_id is None or not data.with_follow_ups:
        return []
    follow_ups = lc.follow_ups.get(data.article_id)
    if follow_ups is None:
        follow_ups = lc.session.exec(
            select(ArticleFollowUp).where(ArticleFollowUp.article_id == data.article_id).order_by(ArticleFollowUp.id)
        ).all()
    return [
        LineInput(article_id=f.follow_up_id, quantity=data.quantity * f.quantity, with_follow_ups=False,
                  optional=data.optional)
        for f in follow_ups
    ]
