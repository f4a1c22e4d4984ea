"""`application/graphql-response+json` (GraphQL over HTTP): asked for, it is what we answer.

With that media type a request error — the document does not parse or validate, or variables do
not coerce — is HTTP 400 without a `data` entry; strawberry answers `application/json` with 200,
so the response is rewritten here, for clients that ask for it only.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

GRAPHQL_RESPONSE = "application/graphql-response+json"


def wants_graphql_response(headers: list[tuple[bytes, bytes]]) -> bool:
    accept = b",".join(value for name, value in headers if name.lower() == b"accept").decode(
        "latin-1"
    )
    return GRAPHQL_RESPONSE in accept


async def answer_as_graphql_response(
    app: ASGIApp, scope: Scope, receive: Receive, send: Send
) -> None:
    """Run `app`, then re-send its JSON answer with the GraphQL response media type."""
    start: Message | None = None
    chunks: list[bytes] = []

    async def capture(message: Message) -> None:
        nonlocal start
        if message["type"] == "http.response.start":
            start = message
            return
        if message["type"] != "http.response.body":
            await send(message)
            return
        chunks.append(message.get("body", b""))
        if message.get("more_body", False):
            return
        assert start is not None
        await _send_rewritten(start, b"".join(chunks), send)

    await app(scope, receive, capture)


async def _send_rewritten(start: Message, body: bytes, send: Send) -> None:
    headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
    status = start["status"]
    content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
    if status == 200 and content_type.startswith(b"application/json"):
        result = _loads(body)
        if isinstance(result, dict):
            if _is_request_error(result):
                status = 400
                result.pop("data", None)
                body = json.dumps(result).encode()
            headers = [(k, v) for k, v in headers if k.lower() != b"content-type"]
            headers.append((b"content-type", f"{GRAPHQL_RESPONSE}; charset=utf-8".encode()))
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _loads(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        return None


def _is_request_error(result: dict[str, Any]) -> bool:
    """No data, and errors without a `path`: the operation never executed."""
    errors = result.get("errors")
    return (
        result.get("data") is None
        and isinstance(errors, list)
        and bool(errors)
        and all(isinstance(e, dict) and "path" not in e for e in errors)
    )
