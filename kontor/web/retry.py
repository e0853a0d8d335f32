"""Requests run again when the database rolled their transaction back for a deadlock or a
serialization failure (see kontor.db.retry).

A request is one unit of work, so the whole request is the unit to repeat. The exception
handler answers such a failure with 503 and an internal marker header; this middleware,
around the app, keeps the request body, holds the answer back until it knows it is not
such a 503, and then dispatches the same request again (up to ATTEMPTS times, with
backoff). The client sees one answer. Nothing of a failed attempt was committed, so a
retried POST never doubles a document; Idempotency-Key covers a client's own retries.
"""

from __future__ import annotations

import anyio

from kontor.db.retry import ATTEMPTS

RETRY_MARKER = b"x-kontor-retry"


def retry_middleware(app):
    async def middleware(scope, receive, send):
        if scope["type"] != "http" or scope.get("method") in ("GET", "HEAD", "OPTIONS"):
            await app(scope, receive, send)  # reads run no write transaction worth repeating
            return
        body_messages = []
        while True:
            message = await receive()
            body_messages.append(message)
            if message["type"] != "http.request" or not message.get("more_body"):
                break
        for attempt in range(ATTEMPTS):
            replay = iter(list(body_messages))

            async def replay_receive():
                try:
                    return next(replay)
                except StopIteration:
                    return await receive()

            held: list[dict] = []

            async def hold(message):
                held.append(message)

            await app(scope, replay_receive, hold)
            start = next((m for m in held if m["type"] == "http.response.start"), None)
            retry = start is not None and any(name.lower() == RETRY_MARKER for name, _ in start.get("headers", []))
            if retry and attempt < ATTEMPTS - 1:
                await anyio.sleep(min(0.5, 0.01 * 2 ** attempt))
                continue
            for message in held:
                if message["type"] == "http.response.start":
                    message = {**message, "headers": [(n, v) for n, v in message.get("headers", [])
                                                      if n.lower() != RETRY_MARKER]}
                await send(message)
            return

    return middleware
