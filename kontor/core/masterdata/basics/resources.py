"""The basics as resources (served under /api/basics/<name>)."""

from __future__ import annotations

from sqlmodel import select

from kontor.core.masterdata.basics import models as m
from kontor.core.masterdata.basics import rules
from kontor.core.resources import Resource, simple_resource
from kontor.errors import Conflict, Problem


def _basic(name: str, title: str, model, fields, *, key: str | None = "code", rules_=(), search=("code", "name")) -> Resource:
    return simple_resource(name, title, model, fields, part="basics", key=key, rules=rules_, search=search)


def discount_rule_rules(session, ctx, rule, before) -> list[Problem]:
    """One discount per cell of the matrix (409), a percent from 0 to 100 (422)."""
    clash = session.exec(
        select(m.DiscountRule.id).where(
            m.DiscountRule.tenant_id == ctx.tenant_id,
            m.DiscountRule.customer_discount_group_id == rule.customer_discount_group_id,
            m.DiscountRule.article_discount_group_id == rule.article_discount_group_id,
            m.DiscountRule.id != (rule.id or 0),
        )
    ).first()
    if clash is not None:
        raise Conflict("the discount matrix has a discount for this customer and article discount group already")
    if not 0 <= rule.discount_percent <= 100:
        return [Problem("discount_percent", "range", "a discount lies between 0 and 100 %")]
    return []


BASICS: tuple[Resource, ...] = (
    _basic("number-ranges", "number range", m.NumberRange, m.NumberRangeFields, key="kind",
           rules_=[rules.number_range_rules], search=("kind", "prefix", "description")),
    _basic("payment-terms", "payment term", m.PaymentTerm, m.PaymentTermFields, rules_=[rules.payment_term_rules]),
    _basic("delivery-terms", "delivery term", m.DeliveryTerm, m.DeliveryTermFields, rules_=[rules.delivery_term_rules]),
    _basic("tax-codes", "tax code", m.TaxCode, m.TaxCodeFields, rules_=[rules.tax_code_rules]),
    _basic("revenue-codes", "revenue code", m.RevenueCode, m.RevenueCodeFields),
    _basic("countries", "country", m.Country, m.CountryFields),
    _basic("currencies", "currency", m.Currency, m.CurrencyFields),
    _basic("units", "unit", m.Unit, m.UnitFields),
    _basic("salutations", "salutation", m.Salutation, m.SalutationFields),
    _basic("article-main-groups", "article main group", m.ArticleMainGroup, m.CodeFields),
    _basic("article-assortments", "article assortment", m.ArticleAssortment, m.CodeFields),
    _basic("article-groups", "article group", m.ArticleGroup, m.CodeFields),
    _basic("article-series", "article series", m.ArticleSeries, m.CodeFields),
    _basic("categories", "category", m.Category, m.CodeFields),
    _basic("shipping-methods", "shipping method", m.ShippingMethod, m.CodeFields),
    _basic("customer-discount-groups", "customer discount group", m.CustomerDiscountGroup, m.CodeFields),
    _basic("article-discount-groups", "article discount group", m.ArticleDiscountGroup, m.CodeFields),
    _basic("commission-groups", "commission group", m.CommissionGroup, m.CodeFields),
    _basic("sales-territories", "sales territory", m.SalesTerritory, m.CodeFields),
    _basic("mailing-features", "mailing feature", m.MailingFeature, m.CodeFields),
    _basic("org-units", "organisational unit", m.OrgUnit, m.CodeFields),
    _basic("discount-rules", "discount rule", m.DiscountRule, m.DiscountRuleFields, key=None,
           rules_=[discount_rule_rules], search=()),
)
