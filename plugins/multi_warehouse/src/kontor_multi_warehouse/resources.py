"""Warehouses, their locations and the articles' places as declared resources.

Served under /api/multi_warehouse/<name>: warehouses (rows of the core's `warehouse`
table), locations, article-places; all in the program part `stock`. Rules:
- one warehouse is the default: making another the default takes the mark from the old one;
  taking the mark off the default is refused (422 default_required);
- a location's code is unique in its warehouse (409); a warehouse or location still used
  by movements, places or choices is not deleted (409, by the core's reference check);
- an article place names a location of its warehouse (422 location/exists); an article
  has at most one preferred warehouse: marking another takes the mark from the old one.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import update
from sqlmodel import select

from kontor.api import Conflict, Problem, Resource, Warehouse, WarehouseFields, simple_resource

from kontor_multi_warehouse import models as m


def location_problems(session, ctx, warehouse_id: int | None, code: str, field: str = "location") -> list[Problem]:
    """A location code must be one of the warehouse's locations (empty: none chosen)."""
    if not code or warehouse_id is None:
        return []
    found = session.exec(select(m.Location.id).where(m.Location.tenant_id == ctx.tenant_id,
                                                     m.Location.warehouse_id == warehouse_id,
                                                     m.Location.code == code)).first()
    if found is None:
        return [Problem(field, "exists", f"warehouse {warehouse_id} has no location '{code}'")]
    return []


def _one_default_warehouse(session, ctx, record, before) -> None:
    if record.is_default:
        session.execute(update(Warehouse).where(Warehouse.tenant_id == ctx.tenant_id, Warehouse.id != (record.id or 0))
                        .values(is_default=False))


def _warehouse_rules(session, ctx, record, before) -> list[Problem]:
    if before and before.get("is_default") and not record.is_default:
        return [Problem("is_default", "default_required",
                        "the company needs a default warehouse: make another warehouse the default instead")]
    return []


def _location_rules(session, ctx, record, before) -> list[Problem]:
    other = session.exec(select(m.Location).where(
        m.Location.tenant_id == ctx.tenant_id, m.Location.warehouse_id == record.warehouse_id,
        m.Location.code == record.code, m.Location.id != (record.id or 0))).first()
    if other is not None:
        raise Conflict(f"warehouse {record.warehouse_id} has a location '{record.code}' already (id {other.id})")
    if record.is_default:
        session.execute(update(m.Location).where(
            m.Location.tenant_id == ctx.tenant_id, m.Location.warehouse_id == record.warehouse_id,
            m.Location.id != (record.id or 0)).values(is_default=False))
    return []


def _place_rules(session, ctx, record, before) -> list[Problem]:
    problems = location_problems(session, ctx, record.warehouse_id, record.location)
    other = session.exec(select(m.ArticlePlace).where(
        m.ArticlePlace.tenant_id == ctx.tenant_id, m.ArticlePlace.article_id == record.article_id,
        m.ArticlePlace.warehouse_id == record.warehouse_id, m.ArticlePlace.id != (record.id or 0))).first()
    if other is not None:
        raise Conflict(f"article {record.article_id} has a place in warehouse {record.warehouse_id} already "
                       f"(id {other.id}); change that one")
    if record.preferred and not problems:
        session.execute(update(m.ArticlePlace).where(
            m.ArticlePlace.tenant_id == ctx.tenant_id, m.ArticlePlace.article_id == record.article_id,
            m.ArticlePlace.id != (record.id or 0)).values(preferred=False))
    return problems


def _resource(name, title, model, fields, **kwargs) -> Resource:
    return simple_resource(name, title, model, fields, part="stock", schema_prefix="MultiWarehouse", **kwargs)


WAREHOUSES = replace(
    _resource("warehouses", "warehouse", Warehouse, WarehouseFields, key="code", rules=[_warehouse_rules],
              filters=("is_default",), search=("code", "name")),
    before_save=_one_default_warehouse,
)
LOCATIONS = _resource("locations", "location", m.Location, m.LocationFields, key=None, rules=[_location_rules],
                      filters=("warehouse_id", "is_default"), search=("code", "name"))
ARTICLE_PLACES = _resource("article-places", "article place", m.ArticlePlace, m.ArticlePlaceFields, key=None,
                           rules=[_place_rules], filters=("article_id", "warehouse_id", "preferred"))

RESOURCES: tuple[Resource, ...] = (WAREHOUSES, LOCATIONS, ARTICLE_PLACES)
