from __future__ import annotations

from kontor.core.masterdata.articles import models as m
from kontor.core.masterdata.articles import rules
from kontor.core.masterdata.collections import at_most_one, unique_in_list
from kontor.core.resources import Child, Resource
from kontor.core.schemas import child_models, create_model_with, read_model, update_model

SUPPLIER_IN, SUPPLIER_OUT = child_models(m.ArticleSupplierFields, "ArticleSupplier")
FOLLOW_UP_IN, FOLLOW_UP_OUT = child_models(m.FollowUpFields, "FollowUp")
BREAK_IN, BREAK_OUT = child_models(m.QuantityBreakFields, "QuantityBreak")

_COLLECTIONS_IN = {
    "suppliers": (list[SUPPLIER_IN] | None, None),
    "follow_ups": (list[FOLLOW_UP_IN] | None, None),
    "quantity_breaks": (list[BREAK_IN] | None, None),
}

ARTICLES = Resource(
    name="articles",
    title="article",
    model=m.Article,
    create_schema=create_model_with(m.ArticleFields, "ArticleCreate", **_COLLECTIONS_IN),
    update_schema=update_model(m.ArticleFields, "ArticleUpdate", **_COLLECTIONS_IN),
    read_schema=read_model(
        m.ArticleFields, "ArticleRead", timestamps=True,
        suppliers=(list[SUPPLIER_OUT] | None, None),
        follow_ups=(list[FOLLOW_UP_OUT] | None, None),
        quantity_breaks=(list[BREAK_OUT] | None, None),
    ),
    number_range="article",
    search=("number", "short_name", "description", "barcode"),
    filters=("article_type", "main_group_id", "assortment_id", "group_id", "series_id", "blocked", "tracking"),
    children=(
        Child("suppliers", m.ArticleSupplier, "article_id", SUPPLIER_IN,
              rules=(at_most_one("is_main", "main supplier"), unique_in_list("supplier_id", "supplier"))),
        Child("follow_ups", m.ArticleFollowUp, "article_id", FOLLOW_UP_IN,
              rules=(rules.follow_ups_not_self, unique_in_list("follow_up_id", "follow-up article"))),
        Child("quantity_breaks", m.ArticleQuantityBreak, "article_id", BREAK_IN, order_by="min_quantity",
              rules=(unique_in_list("min_quantity", "quantity break"),)),
    ),
    rules=(rules.article_rules,),
    before_save=rules.keep_old_sales_price,
)

CUSTOMER_ARTICLE_NUMBERS = Resource(
    name="customer-article-numbers",
    title="customer article number",
    model=m.CustomerArticleNumber,
    create_schema=m.CustomerArticleNumberFields,
    update_schema=update_model(m.CustomerArticleNumberFields, "CustomerArticleNumberUpdate"),
    read_schema=read_model(m.CustomerArticleNumberFields, "CustomerArticleNumberRead"),
    key=None,
    search=("number", "text"),
    filters=("customer_id", "article_id"),
    rules=(rules.customer_number_unique,),
)
