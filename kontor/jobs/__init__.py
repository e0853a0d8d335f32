"""Batch runs as jobs: split into chunks, done by `kontor worker`s in parallel on PostgreSQL
(through procrastinate), in-process on SQLite; progress readable from any process."""
