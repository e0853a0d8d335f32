"""HTTP routes for declared resources: list, create, read, update, delete.

One router per resource, built from its declaration; every handler is a thin call into
kontor.core.resources inside one unit of work. Typed bodies and responses give OpenAPI.
"""

from typing import Any

from litestar import Request, Router, delete, get, patch, post
from litestar.params import Parameter
from pydantic import BaseModel, create_model

from kontor.core import resources as service
from kontor.core.resources import ListQuery, Resource
from kontor.web.idempotency import idempotent_post
from kontor.web.units import kontor_of, unit

_LIST_PARAMS = {"q", "limit", "offset", "sort"}


def page_model(res: Resource) -> type[BaseModel]:
    return create_model(
        f"{res.model.__name__}Page",
        items=(list[res.read_schema], ...),
        total=(int, ...),
        limit=(int, ...),
        offset=(int, ...),
    )


def resource_router(res: Resource, *, prefix: str = "/api") -> Router:
    read_schema = res.read_schema
    page_schema = page_model(res)
    tag = res.name

    def list_items(
        request: Request,
        q: str | None = Parameter(default=None, description="search in " + ", ".join(res.search)),
        limit: int | None = Parameter(default=None, ge=1),
        offset: int = Parameter(default=0, ge=0),
        sort: str | None = Parameter(default=None, description="column name, '-' prefix for descending"),
    ):
        settings = kontor_of(request).settings
        filters = {k: v for k, v in request.query_params.items() if k not in _LIST_PARAMS}
        query = ListQuery(
            q=q,
            limit=min(limit or settings.page_size, settings.max_page_size),
            offset=offset,
            sort=sort,
            filters=filters,
        )
        with unit(request) as (session, ctx):
            page = service.list_records(session, ctx, res, query)
        return page_schema(items=page.items, total=page.total, limit=page.limit, offset=page.offset)

    def create_item(request: Request, data: Any):
        def create(session, ctx):
            record = service.create_record(session, ctx, res, data)
            return read_schema.model_validate(service.to_read(session, res, record))

        return idempotent_post(request, data, create)

    def read_item(request: Request, record_id: int):
        with unit(request) as (session, ctx):
            return read_schema.model_validate(service.read_record(session, ctx, res, record_id))

    def update_item(request: Request, record_id: int, data: Any):
        with unit(request, write=True) as (session, ctx):
            record = service.update_record(session, ctx, res, record_id, data)
            return read_schema.model_validate(service.to_read(session, res, record))

    def delete_item(request: Request, record_id: int) -> None:
        with unit(request, write=True) as (session, ctx):
            service.delete_record(session, ctx, res, record_id)

    list_items.__annotations__["return"] = page_schema
    create_item.__annotations__.update(data=res.create_schema, **{"return": read_schema})
    read_item.__annotations__["return"] = read_schema
    update_item.__annotations__.update(data=res.update_schema, **{"return": read_schema})

    title = res.title
    handlers = [
        get("/", sync_to_thread=True, tags=[tag], summary=f"List and search {res.name}",
            operation_id=f"list_{res.name}")(list_items),
        post("/", sync_to_thread=True, tags=[tag], summary=f"Create a {title}",
             operation_id=f"create_{res.name}")(create_item),
        get("/{record_id:int}", sync_to_thread=True, tags=[tag], summary=f"Read a {title}",
            operation_id=f"read_{res.name}")(read_item),
        patch("/{record_id:int}", sync_to_thread=True, tags=[tag], summary=f"Change a {title}",
              operation_id=f"update_{res.name}")(update_item),
        delete("/{record_id:int}", sync_to_thread=True, tags=[tag], summary=f"Delete a {title}",
               operation_id=f"delete_{res.name}")(delete_item),
    ]
    return Router(path=f"{prefix}/{res.name}", route_handlers=handlers)
