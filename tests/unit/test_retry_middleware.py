"""A request whose transaction the database rolled back (deadlock, serialization failure) is
dispatched again with the same body; the client sees only the final answer."""

import anyio

from kontor.web.retry import RETRY_MARKER, retry_middleware


def _call(app, body: bytes, method: str = "POST"):
    sent = []
    chunks = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive():
        return chunks.pop(0) if chunks else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    anyio.run(retry_middleware(app), {"type": "http", "method": method}, receive, send)
    return sent


def test_the_request_runs_again_after_a_retryable_failure_with_the_same_body():
    seen_bodies = []

    async def app(scope, receive, send):
        seen_bodies.append((await receive())["body"])
        if len(seen_bodies) < 3:
            await send({"type": "http.response.start", "status": 503, "headers": [(RETRY_MARKER, b"1")]})
            await send({"type": "http.response.body", "body": b"busy"})
            return
        await send({"type": "http.response.start", "status": 201, "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": b'{"id": 7}'})

    sent = _call(app, b'{"kind": "order"}')

    assert seen_bodies == [b'{"kind": "order"}'] * 3
    assert [m.get("status") for m in sent if m["type"] == "http.response.start"] == [201]
    assert sent[-1]["body"] == b'{"id": 7}'


def test_after_the_last_attempt_the_client_gets_the_503_without_the_internal_marker():
    calls = []

    async def app(scope, receive, send):
        calls.append(await receive())
        await send({"type": "http.response.start", "status": 503, "headers": [(RETRY_MARKER, b"1"), (b"retry-after", b"1")]})
        await send({"type": "http.response.body", "body": b"busy"})

    sent = _call(app, b"{}")

    start = sent[0]
    assert start["status"] == 503 and len(calls) == 5
    assert [name for name, _ in start["headers"]] == [b"retry-after"]


def test_an_ordinary_error_is_not_repeated():
    calls = []

    async def app(scope, receive, send):
        calls.append(1)
        await send({"type": "http.response.start", "status": 409, "headers": []})
        await send({"type": "http.response.body", "body": b"conflict"})

    assert _call(app, b"{}")[0]["status"] == 409 and calls == [1]
