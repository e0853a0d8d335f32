"""Master-data records as declared resources: create, read, update, delete, list.

Dozens of master-data tables follow the same rules, so each is declared once as a
`Resource` and served by the functions below (and by `kontor.web.resources` over HTTP).
What every resource gets:
- the permission check on its program part (read for reading, write for changes),
- a natural key (number or code) unique per tenant, drawn from a number range if empty,
- references to other tenant-owned rows checked to exist in the same tenant (422),
- its own rules and the `kontor_validate` hook before anything is written (422),
- child collections (contacts, addresses, ...) synchronised by id inside the same write,
- refusal to delete a record other rows still use (409, naming them),
- an audit entry for every change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, or_, select as sa_select
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session, SQLModel, select

from kontor.core.audit import record_change, snapshot
from kontor.core.context import Context
from kontor.core.users.permissions import Level
from kontor.db.base import utcnow
from kontor.errors import Conflict, Invalid, NotFound, Problem

def humanize(table_name: str) -> str:
    """Readable name of a table for messages ("customer_contact" -> "customer contact")."""
    return table_name.replace("_", " ")


Rule = Callable[[Session, Context, Any, "dict[str, Any] | None"], "list[Problem] | None"]


@dataclass(frozen=True)
class Child:
    """A collection owned by a record (a customer's contacts); deleted with it."""

    name: str
    model: type[SQLModel]
    parent_key: str
    schema: type[BaseModel]
    order_by: str = "id"
    # Rules over the whole collection (one main supplier, no duplicates, ...).
    rules: tuple[Callable[[Session, Context, Any, Sequence[BaseModel]], "list[Problem] | None"], ...] = ()


@dataclass(frozen=True)
class Resource:
    name: str
    title: str
    model: type[SQLModel]
    create_schema: type[BaseModel]
    update_schema: type[BaseModel]
    read_schema: type[BaseModel]
    part: str = "masterdata"
    key: str | None = "number"
    number_range: str | None = None
    search: tuple[str, ...] = ()
    filters: tuple[str, ...] = ()
    children: tuple[Child, ...] = ()
    rules: tuple[Rule, ...] = ()
    before_save: Callable[[Session, Context, Any, "dict[str, Any] | None"], None] | None = None

    def __post_init__(self):
        clashes = self.child_names & set(self.model.__table__.columns.keys())
        if clashes:
            raise ValueError(f"resource {self.name}: collections named like columns: {', '.join(sorted(clashes))}")

    @property
    def child_names(self) -> set[str]:
        return {child.name for child in self.children}


def simple_resource(name: str, title: str, model: type[SQLModel], fields: type[BaseModel], *, part: str = "masterdata",
                    key: str | None = "code", rules: Sequence[Rule] = (), search: tuple[str, ...] = (),
                    filters: tuple[str, ...] = (), schema_prefix: str = "") -> Resource:
    """A resource without child collections whose input is its field set (code lists, rules)."""
    stem = f"{schema_prefix}{model.__name__}"
    from kontor.core.schemas import read_model, update_model

    return Resource(
        name=name, title=title, model=model, create_schema=fields,
        update_schema=update_model(fields, f"{stem}Update"), read_schema=read_model(fields, f"{stem}Read"),
        part=part, key=key, search=search, filters=filters, rules=tuple(rules),
    )


@dataclass
class Page:
    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int


@dataclass
class ListQuery:
    q: str | None = None
    limit: int = 50
    offset: int = 0
    sort: str | None = None
    filters: dict[str, Any] = field(default_factory=dict)


# -- reading ---------------------------------------------------------------------------------


def get_record(session: Session, ctx: Context, res: Resource, record_id: int) -> Any:
    ctx.require(res.part, Level.READ)
    record = session.get(res.model, record_id)
    if record is None or record.tenant_id != ctx.tenant_id:
        raise NotFound(f"no {res.title} with id {record_id}")
    return record


def find_by_key(session: Session, ctx: Context, res: Resource, key_value: str) -> Any:
    ctx.require(res.part, Level.READ)
    column = getattr(res.model, res.key)
    record = session.exec(select(res.model).where(res.model.tenant_id == ctx.tenant_id, column == key_value)).first()
    if record is None:
        raise NotFound(f"no {res.title} '{key_value}'")
    return record


def to_read(session: Session, res: Resource, record: Any, *, with_children: bool = True) -> dict[str, Any]:
    values = {column.key: getattr(record, column.key) for column in record.__table__.columns}
    if with_children:
        for child in res.children:
            rows = session.exec(
                select(child.model)
                .where(getattr(child.model, child.parent_key) == record.id)
                .order_by(getattr(child.model, child.order_by))
            ).all()
            values[child.name] = [
                {column.key: getattr(row, column.key) for column in row.__table__.columns} for row in rows
            ]
    return res.read_schema.model_validate(values).model_dump()


def read_record(session: Session, ctx: Context, res: Resource, record_id: int) -> dict[str, Any]:
    return to_read(session, res, get_record(session, ctx, res, record_id))


def list_records(session: Session, ctx: Context, res: Resource, query: ListQuery) -> Page:
    ctx.require(res.part, Level.READ)
    model = res.model
    conditions: list[ColumnElement] = [model.tenant_id == ctx.tenant_id]
    if query.q and not res.search:
        raise Invalid.field("q", "searchable", f"{res.name} have no text to search; use the filters")
    if query.q:
        # % and _ typed by the user are searched for, not used as wildcards.
        text = query.q.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        needle = f"%{text}%"
        conditions.append(or_(*(func.lower(getattr(model, name)).like(needle, escape="\\") for name in res.search)))
    for name, value in query.filters.items():
        if name not in res.filters:
            raise Invalid.field(name, "filterable", f"cannot filter {res.name} by '{name}'")
        conditions.append(getattr(model, name) == _filter_value(model, name, value))
    total = session.exec(sa_select(func.count()).select_from(model).where(*conditions)).one()[0]
    sort = query.sort or res.key or "id"
    descending = sort.startswith("-")
    sort_name = sort.lstrip("-")
    if sort_name not in model.__table__.columns:
        raise Invalid.field("sort", "column", f"cannot sort {res.name} by '{sort_name}'")
    order = getattr(model, sort_name)
    statement = (
        select(model)
        .where(*conditions)
        .order_by(order.desc() if descending else order, model.id)
        .offset(query.offset)
        .limit(query.limit)
    )
    items = [to_read(session, res, row, with_children=False) for row in session.exec(statement)]
    return Page(items=items, total=total, limit=query.limit, offset=query.offset)


def _filter_value(model: type[SQLModel], name: str, value: Any) -> Any:
    """A filter value from a query string as the column's type ("true" for a flag, "3" for an
    id); comparing text with a boolean or integer column is wrong on SQLite and an error on
    PostgreSQL. An empty value means "not set" for columns that are not text."""
    if not isinstance(value, str):
        return value
    try:
        kind = model.__table__.columns[name].type.python_type
    except NotImplementedError:
        return value
    if kind is str:
        return value
    text = value.strip()
    if not text:
        return None
    try:
        if kind is bool:
            flags = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}
            return flags[text.lower()]
        if kind is int:
            return int(text)
        if kind is Decimal:
            return Decimal(text)
        if kind is date:
            return date.fromisoformat(text)
    except (KeyError, ValueError, InvalidOperation):
        raise Invalid.field(name, "type", f"'{value}' is no valid {kind.__name__} to filter {name} by") from None
    return value


# -- writing ---------------------------------------------------------------------------------


def create_record(session: Session, ctx: Context, res: Resource, data: BaseModel) -> Any:
    ctx.require(res.part, Level.WRITE)
    values = data.model_dump(exclude=res.child_names)
    if res.key and not values.get(res.key):
        if res.number_range is None:
            raise Invalid.field(res.key, "required", f"a {res.title} needs a {res.key}")
        values[res.key] = _free_number(session, ctx, res)
    record = res.model(**values, tenant_id=ctx.tenant_id)
    _check_unique_key(session, ctx, res, record)
    _validate(session, ctx, res, record, None, "create")
    session.add(record)
    session.flush()
    for child in res.children:
        _sync_children(session, ctx, child, record.id, getattr(data, child.name, None) or [])
    record_change(session, ctx, res.name, record.id, "create", None, _audit_snapshot(session, res, record))
    return record


def update_record(session: Session, ctx: Context, res: Resource, record_id: int, data: BaseModel) -> Any:
    ctx.require(res.part, Level.WRITE)
    record = get_record(session, ctx, res, record_id)
    before = snapshot(record)
    audit_before = _audit_snapshot(session, res, record)
    changes = data.model_dump(exclude_unset=True, exclude=res.child_names)
    for name, value in changes.items():
        if res.key and name == res.key and not value:
            raise Invalid.field(name, "required", f"a {res.title} needs a {res.key}")
        setattr(record, name, value)
    if hasattr(record, "updated_at"):
        record.updated_at = utcnow()
    # The checks query other rows; flushing the changed record first would hit the database's
    # constraints before the checks could name the problem.
    with session.no_autoflush:
        _check_unique_key(session, ctx, res, record)
        _validate(session, ctx, res, record, before, "update")
    session.add(record)
    session.flush()
    for child in res.children:
        if child.name in data.model_fields_set:
            _sync_children(session, ctx, child, record.id, getattr(data, child.name) or [])
    record_change(session, ctx, res.name, record.id, "update", audit_before, _audit_snapshot(session, res, record))
    return record


def delete_record(session: Session, ctx: Context, res: Resource, record_id: int) -> None:
    ctx.require(res.part, Level.WRITE)
    record = get_record(session, ctx, res, record_id)
    before = snapshot(record)
    audit_before = _audit_snapshot(session, res, record)
    users = _referencing_rows(session, res, record.id)
    if users:
        label = getattr(record, res.key) if res.key else record.id
        used_by = ", ".join(f"{count} {humanize(table)}" for table, count in users)
        raise Conflict(f"{res.title} {label} cannot be deleted: it is still used by {used_by}")
    _validate(session, ctx, res, record, before, "delete")
    for child in res.children:
        for row in session.exec(select(child.model).where(getattr(child.model, child.parent_key) == record.id)):
            session.delete(row)
    session.flush()
    session.delete(record)
    session.flush()
    record_change(session, ctx, res.name, record_id, "delete", audit_before, None)


def _free_number(session: Session, ctx: Context, res: Resource) -> str:
    """The next number of the resource's range that no record has yet (numbers typed by hand
    are skipped, so the range does not get stuck on them)."""
    from kontor.core.masterdata.basics.numbering import next_number

    column = getattr(res.model, res.key)
    for _ in range(1000):
        number = next_number(session, ctx.tenant_id, res.number_range)
        taken = session.exec(
            select(res.model.id).where(res.model.tenant_id == ctx.tenant_id, column == number)
        ).first()
        if taken is None:
            return number
    raise Conflict(f"the number range '{res.number_range}' gives only numbers that are taken; raise its next number")


def _audit_snapshot(session: Session, res: Resource, record: Any) -> dict[str, Any]:
    """The record's stored values with its child collections, as they are in the database
    (so "10" and "10.0000" are the same value and only real changes reach the audit trail)."""
    if record in session.new or record in session.dirty:
        session.flush()
    session.refresh(record)
    values = snapshot(record)
    for child in res.children:
        rows = session.exec(
            select(child.model)
            .where(getattr(child.model, child.parent_key) == record.id)
            .order_by(getattr(child.model, child.order_by), child.model.id)
            .execution_options(populate_existing=True)
        ).all()
        values[child.name] = [
            {k: v for k, v in snapshot(row).items() if k not in ("tenant_id", child.parent_key)} for row in rows
        ]
    return values


# -- the rules every write obeys ---------------------------------------------------------------


def _check_unique_key(session: Session, ctx: Context, res: Resource, record: Any) -> None:
    if not res.key:
        return
    value = getattr(record, res.key)
    column = getattr(res.model, res.key)
    statement = select(res.model.id).where(res.model.tenant_id == ctx.tenant_id, column == value)
    if record.id is not None:
        statement = statement.where(res.model.id != record.id)
    if session.exec(statement).first() is not None:
        raise Conflict(f"a {res.title} with {res.key} '{value}' exists already")


def _validate(session: Session, ctx: Context, res: Resource, record: Any, before, action: str) -> None:
    problems: list[Problem] = []
    if action != "delete":
        if res.before_save is not None:
            res.before_save(session, ctx, record, before)
        problems += check_references(session, ctx, record)
        for rule in res.rules:
            problems += rule(session, ctx, record, before) or []
    for answer in ctx.hooks.kontor_validate(
        ctx=ctx, session=session, subject=res.name, action=action, record=record, before=before
    ):
        problems += answer or []
    if problems:
        raise Invalid(problems)


def check_references(session: Session, ctx: Context, record: Any) -> list[Problem]:
    """Every foreign key to a tenant-owned table must point into the same tenant."""
    problems = []
    for column in record.__table__.columns:
        if column.name == "tenant_id" or not column.foreign_keys or column.primary_key:
            continue
        value = getattr(record, column.key)
        if value is None:
            continue
        target = next(iter(column.foreign_keys)).column.table
        if "tenant_id" not in target.columns:
            continue
        row = session.execute(
            sa_select(target.c.tenant_id).where(target.c.id == value)
        ).first()
        if row is None or row[0] != ctx.tenant_id:
            problems.append(
                Problem(column.key, "exists", f"no {humanize(target.name)} with id {value} in this company")
            )
    return problems


def _referencing_rows(session: Session, res: Resource, record_id: int) -> list[tuple[str, int]]:
    # A child's link to its own parent goes with the record; any other link (an article
    # that is another article's follow-up) is a use.
    owned = {(child.model.__table__.name, child.parent_key) for child in res.children}
    table = res.model.__table__
    found = []
    for other in SQLModel.metadata.sorted_tables:
        for fk in other.foreign_keys:
            if fk.column.table is not table or fk.parent.name == "id" or (other.name, fk.parent.name) in owned:
                continue
            count = session.execute(
                sa_select(func.count()).select_from(other).where(fk.parent == record_id)
            ).scalar_one()
            if count:
                found.append((other.name, count))
    return found


def _sync_children(
    session: Session, ctx: Context, child: Child, parent_id: int, items: Sequence[BaseModel]
) -> None:
    """Make the stored children equal the given list: update by id, insert new, delete missing."""
    problems = [p for rule in child.rules for p in (rule(session, ctx, parent_id, items) or [])]
    if problems:
        raise Invalid([Problem(f"{child.name}.{p.field}", p.rule, p.message) for p in problems])
    existing = {
        row.id: row
        for row in session.exec(select(child.model).where(getattr(child.model, child.parent_key) == parent_id))
    }
    # Entries left out go first, so a list sent again without ids (the same quantity break,
    # the same mailing feature) does not clash with the rows it replaces.
    given = {getattr(item, "id", None) for item in items}
    for row_id, row in existing.items():
        if row_id not in given:
            session.delete(row)
    session.flush()
    for index, item in enumerate(items):
        values = item.model_dump(exclude={"id"})
        item_id = getattr(item, "id", None)
        if item_id is not None:
            row = existing.get(item_id)
            if row is None:
                raise Invalid.field(f"{child.name}.{index}.id", "exists", f"no entry {item_id} in {child.name}")
            for name, value in values.items():
                setattr(row, name, value)
        else:
            row = child.model(**values, **{child.parent_key: parent_id}, tenant_id=ctx.tenant_id)
        with session.no_autoflush:  # a changed entry must not reach the database unchecked
            problems = check_references(session, ctx, row)
        if problems:
            raise Invalid([Problem(f"{child.name}.{index}.{p.field}", p.rule, p.message) for p in problems])
        session.add(row)
    session.flush()
