"""Idempotency keys: a POST retried with the same `Idempotency-Key` gets the first answer
again instead of creating a second record.

The key, a fingerprint of the request and the response are stored in the same transaction
as the record they created, so either both exist or neither does. Reusing a key for a
different request is a conflict.
"""

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, Session, select

from kontor.db.base import TenantOwned, utcnow
from kontor.errors import Conflict, Invalid

MAX_KEY_LENGTH = 200


class IdempotencyRecord(TenantOwned, table=True):
    __tablename__ = "idempotency_record"
    __table_args__ = (UniqueConstraint("tenant_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=MAX_KEY_LENGTH)
    user_id: int | None = None
    fingerprint: str = Field(max_length=64)
    status_code: int
    response: Any = Field(default=None, sa_type=JSON)
    created_at: datetime = Field(default_factory=utcnow)


def fingerprint(method: str, path: str, body: Any) -> str:
    canonical = json.dumps([method, path, body], sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def check_key(key: str) -> None:
    if not key or len(key) > MAX_KEY_LENGTH:
        raise Invalid.field("Idempotency-Key", "length", f"use 1 to {MAX_KEY_LENGTH} characters")


def replay(session: Session, tenant_id: int, key: str, print_: str) -> IdempotencyRecord | None:
    """The stored answer for this key, or None if the key is new."""
    record = session.exec(
        select(IdempotencyRecord).where(IdempotencyRecord.tenant_id == tenant_id, IdempotencyRecord.key == key)
    ).first()
    if record is not None and record.fingerprint != print_:
        raise Conflict(f"idempotency key '{key}' was used for a different request")
    return record


def remember(session: Session, ctx, key: str, print_: str, status_code: int, response: Any) -> None:
    session.add(
        IdempotencyRecord(
            tenant_id=ctx.tenant_id, key=key, user_id=ctx.user_id, fingerprint=print_,
            status_code=status_code, response=response,
        )
    )
    session.flush()
