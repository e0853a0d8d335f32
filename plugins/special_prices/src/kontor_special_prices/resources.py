"""The plugin's tables as declared resources, with the rules every write obeys.

Served under /api/special_prices/<name>: groups, group-members, prices, discounts,
retail-prices. Refused with 422 (field and rule named): a negative price, a discount outside
0..100 %, a negative minimum quantity, valid_until before valid_from, a rule for both a
customer and a group, a group that is its own (grand)parent. Refused with 409 (naming the
other rule): a second rule for the same article, scope and minimum quantity whose validity
period overlaps and whose value differs (two contradicting answers for one day).
"""

from __future__ import annotations

from datetime import date
from sqlmodel import select

from kontor.api import Conflict, Problem, Resource, simple_resource

from kontor_special_prices import models as m


def _not_negative(field: str, value) -> list[Problem]:
    if value is not None and value < 0:
        return [Problem(field, "not_negative", f"{field.replace('_', ' ')} must not be negative")]
    return []


def _period(record) -> list[Problem]:
    if record.valid_from and record.valid_until and record.valid_until < record.valid_from:
        return [Problem("valid_until", "after_valid_from", "the validity ends before it starts")]
    return []


def _overlaps(a_from: date | None, a_until: date | None, b_from: date | None, b_until: date | None) -> bool:
    return (a_from or date.min) <= (b_until or date.max) and (b_from or date.min) <= (a_until or date.max)


def _scoped_rules(value_field: str, what: str):
    def rules(session, ctx, record, before) -> list[Problem]:
        problems = _not_negative(value_field, getattr(record, value_field))
        if value_field == "discount_percent" and record.discount_percent is not None and record.discount_percent > 100:
            problems.append(Problem("discount_percent", "range", "a discount lies between 0 and 100 %"))
        problems += _not_negative("min_quantity", record.min_quantity)
        problems += _period(record)
        if record.customer_id is not None and record.group_id is not None:
            problems.append(Problem("group_id", "one_scope",
                                    f"a special {what} is for a customer or for a price group, not both"))
        if problems:
            return problems
        model = type(record)
        others = session.exec(
            select(model).where(
                model.tenant_id == ctx.tenant_id,
                model.article_id == record.article_id,
                model.customer_id == record.customer_id if record.customer_id is not None else model.customer_id.is_(None),
                model.group_id == record.group_id if record.group_id is not None else model.group_id.is_(None),
                model.min_quantity == record.min_quantity,
                model.id != (record.id or 0),
            )
        ).all()
        for other in others:
            if getattr(other, value_field) != getattr(record, value_field) and _overlaps(
                record.valid_from, record.valid_until, other.valid_from, other.valid_until
            ):
                raise Conflict(
                    f"special {what} {other.id} gives {getattr(other, value_field)} for the same article, scope and "
                    f"minimum quantity in an overlapping period ({other.valid_from or 'open'} to "
                    f"{other.valid_until or 'open'}); change or end that rule first"
                )
        return []

    return rules


def _group_rules(session, ctx, group, before) -> list[Problem]:
    parent_id = group.parent_id
    seen = {group.id} if group.id is not None else set()
    while parent_id is not None:
        if parent_id in seen:
            return [Problem("parent_id", "no_cycle", "a price group cannot lie below itself")]
        seen.add(parent_id)
        parent = session.get(m.PriceGroup, parent_id)
        parent_id = parent.parent_id if parent is not None else None
    return []


def member_rules(session, ctx, record, before) -> list[Problem]:
    """One price group per customer (409 naming the group he is in)."""
    other = session.exec(
        select(m.GroupMember).where(
            m.GroupMember.tenant_id == ctx.tenant_id,
            m.GroupMember.customer_id == record.customer_id,
            m.GroupMember.id != (record.id or 0),
        )
    ).first()
    if other is not None:
        raise Conflict(f"customer {record.customer_id} is in price group {other.group_id} already (member {other.id})")
    return []


def _retail_rules(session, ctx, record, before) -> list[Problem]:
    return _not_negative("price", record.price)


def _resource(name: str, title: str, model, fields, *, key: str | None = None, rules=(), filters=(), search=()):
    return simple_resource(name, title, model, fields, key=key, rules=rules, filters=filters, search=search,
                           schema_prefix="SpecialPrices")


GROUPS = _resource("groups", "price group", m.PriceGroup, m.PriceGroupFields, key="code",
                   rules=[_group_rules], filters=("parent_id",), search=("code", "name"))
GROUP_MEMBERS = _resource("group-members", "price group member", m.GroupMember, m.GroupMemberFields,
                          rules=[member_rules], filters=("group_id", "customer_id"))
PRICES = _resource("prices", "special price", m.SpecialPrice, m.SpecialPriceFields,
                   rules=[_scoped_rules("unit_price", "price")], filters=("article_id", "customer_id", "group_id"))
DISCOUNTS = _resource("discounts", "special discount", m.SpecialDiscount, m.SpecialDiscountFields,
                      rules=[_scoped_rules("discount_percent", "discount")],
                      filters=("article_id", "customer_id", "group_id"))
RETAIL_PRICES = _resource("retail-prices", "recommended retail price", m.RetailPrice, m.RetailPriceFields,
                          rules=[_retail_rules], filters=("article_id",))

RESOURCES: tuple[Resource, ...] = (GROUPS, GROUP_MEMBERS, PRICES, DISCOUNTS, RETAIL_PRICES)
