"""Tables of the job queue: a run and its chunks, the progress any process can read.

A `JobRun` is one batch run a user asked for (an invoicing run, a delivery-note run, a dunning
run, ...) with its parameters. It is split into `JobChunk`s when it is submitted: each chunk
names the items it does (orders, groups of delivery notes), is done in one transaction by
whichever worker takes it, and is marked done in that same transaction, so a chunk whose
worker died is simply done again and never twice. The queue itself (which worker takes which
chunk, retries of a dead worker's chunk) is procrastinate's on PostgreSQL (kontor.jobs.queue);
on SQLite the chunks run in the process that submitted them.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String, UniqueConstraint
from sqlmodel import Field

from kontor.db.base import TenantOwned, utcnow

RUN_STATES = ("queued", "running", "done", "failed")
CHUNK_STATES = ("queued", "done", "failed")


class JobRun(TenantOwned, table=True):
    __tablename__ = "job_run"
    __table_args__ = (Index("ix_job_run_tenant_created", "tenant_id", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=30, sa_type=String(30), description="invoicing, delivery_notes, dunning, ...")
    params: Any = Field(default=None, sa_type=JSON, description="the selection the run was asked for")
    username: str = Field(default="", max_length=60, description="who asked; the run acts with their rights")
    chunks: int = Field(default=0, description="how many chunks the run was split into")
    items: int = Field(default=0, description="how many items (orders, delivery notes, ...) the chunks hold")
    skipped: Any = Field(default=None, sa_type=JSON, description="items passed over when the run was planned")
    queued: bool = Field(default=False, description="handed to the queue's workers (else run in-process)")
    created_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None


class JobChunk(TenantOwned, table=True):
    __tablename__ = "job_chunk"
    __table_args__ = (UniqueConstraint("run_id", "seq"), Index("ix_job_chunk_run_state", "run_id", "state"))

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="job_run.id")
    seq: int
    items: Any = Field(default=None, sa_type=JSON, description="what the chunk does: ids or group descriptions")
    size: int = Field(default=0, description="how many items the chunk counts for the progress")
    state: str = Field(default="queued", max_length=10, sa_type=String(10))
    attempts: int = Field(default=0, description="started this often (more than once: a worker died on it)")
    worker: str = Field(default="", max_length=80, description="host and process that did it")
    started_at: datetime | None = None
    finished_at: datetime | None = None
    result: Any = Field(default=None, sa_type=JSON, description="documents made, items passed over or failed")
