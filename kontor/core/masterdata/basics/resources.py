"""The basics as resources (served under /api/basics/<name>)."""

from __future__ import annotations

from kontor.core.masterdata.basics import models as m
from kontor.core.masterdata.basics import rules
from kontor.core.resources import Resource
from kontor.core.schemas import read_model, update_model


def _basic(name: str, title: str, model, fields, *, key: str = "code", rules_=(), search=("code", "name")) -> Resource:
    stem = model.__name__
    return Resource(
        name=name,
        title=title,
        model=model,
        create_schema=fields,
        update_schema=update_model(fields, f"{stem}Update"),
        read_schema=read_model(fields, f"{stem}Read"),
        part="basics",
        key=key,
        search=search,
        rules=tuple(rules_),
    )


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
)
