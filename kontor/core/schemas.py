"""Derive the API shapes of a resource from its validated field set.

A master-data table is declared as `XFields` (a SQLModel with every rule of its fields) plus
the table class that inherits it. From the field set come the input for create (the field
set itself), the input for update (every field optional, only given fields change) and the
output (plain types, no validators, plus `id`, timestamps and child collections).
"""

from __future__ import annotations

from copy import copy
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, create_model


class ReadModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class UpdateModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


def update_model(fields_model: type[BaseModel], name: str, **extra: Any) -> type[BaseModel]:
    """Every field optional; a field not sent stays as it is, `null` is refused where the
    column needs a value (the annotation is kept, only the default changes)."""
    definitions: dict[str, Any] = {}
    for field_name, info in fields_model.model_fields.items():
        optional = copy(info)
        optional.default = None
        optional.default_factory = None
        definitions[field_name] = (info.annotation, optional)
    definitions.update(extra)
    return create_model(name, __base__=UpdateModel, **definitions)


def create_model_with(fields_model: type[BaseModel], name: str, **extra: Any) -> type[BaseModel]:
    """The create input: the field set plus child collections."""
    if not extra:
        return fields_model
    return create_model(name, __base__=fields_model, **extra)


def read_model(fields_model: type[BaseModel], name: str, *, timestamps: bool = False, **extra: Any) -> type[BaseModel]:
    definitions: dict[str, Any] = {"id": (int, ...)}
    for field_name, info in fields_model.model_fields.items():
        definitions[field_name] = (info.annotation | None, None)
    if timestamps:
        definitions["created_at"] = (datetime | None, None)
        definitions["updated_at"] = (datetime | None, None)
    definitions.update(extra)
    return create_model(name, __base__=ReadModel, **definitions)


def child_models(fields_model: type[BaseModel], name: str) -> tuple[type[BaseModel], type[BaseModel]]:
    """Input and output shape of one child entry; `id` given means: change that entry."""
    item_in = create_model(f"{name}Input", __base__=fields_model, id=(int | None, None))
    item_out = read_model(fields_model, f"{name}Read")
    return item_in, item_out
