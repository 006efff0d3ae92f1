"""A stand-in of SendGrid's v3 Mail Send API (``POST /v3/mail/send``), from SendGrid's documentation.

It checks the API key (``Authorization: Bearer``; 401 otherwise) and the body the way the documentation
describes (1–1000 personalizations each with ``to`` addresses, ``from.email``, a subject, ``content`` with
non-empty values and ``text/plain`` before ``text/html``, no reserved headers, at most 10 categories),
answering 202 Accepted with an ``X-Message-Id`` header, or 400 ``{"errors": [{message, field, help}]}``.
Accepted messages are kept in :class:`SendGridState`; faults can be injected (e.g. a 503, a 429).
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
RESERVED_HEADERS = frozenset(
    {
        "x-sg-id",
        "x-sg-eid",
        "received",
        "dkim-signature",
        "content-type",
        "content-transfer-encoding",
        "to",
        "from",
        "subject",
        "reply-to",
        "cc",
        "bcc",
    }
)


@dataclass
class SendGridState:
    api_key: str
    messages: list[dict[str, Any]] = field(default_factory=list)
    faults: list[int] = field(default_factory=list)
    requests: int = 0

    def fail_next(self, *statuses: int) -> None:
        self.faults.extend(statuses)


def _errors(status: int, *errors: tuple[str, str | None]) -> JSONResponse:
    return JSONResponse(
        {
            "errors": [
                {"message": message, "field": field_name, "help": None} for message, field_name in errors
            ]
        },
        status_code=status,
    )


def validate(body: Any) -> list[tuple[str, str | None]]:
    if not isinstance(body, dict):
        return [("Bad Request", None)]
    problems: list[tuple[str, str | None]] = []
    personalizations = body.get("personalizations")
    if not isinstance(personalizations, list) or not personalizations:
        problems.append(
            (
                "The personalizations field is required and must have at least one personalization.",
                "personalizations",
            )
        )
        personalizations = []
    elif len(personalizations) > 1000:
        problems.append(
            (
                "The personalization block is limited to 1000 personalizations per API request.",
                "personalizations",
            )
        )
    for index, item in enumerate(personalizations):
        to = item.get("to") if isinstance(item, dict) else None
        if not isinstance(to, list) or not to:
            problems.append(
                (
                    "The to array is required for all personalization objects, and must have at least "
                    "one email object with a valid email address.",
                    f"personalizations.{index}.to",
                )
            )
            continue
        for position, recipient in enumerate(to):
            if not isinstance(recipient, dict) or not EMAIL.match(str(recipient.get("email", ""))):
                problems.append(
                    ("Does not contain a valid address.", f"personalizations.{index}.to.{position}.email")
                )
    sender = body.get("from")
    if not isinstance(sender, dict) or not EMAIL.match(str(sender.get("email", ""))):
        problems.append(
            (
                "The from object must be provided for every email send. It is an object that requires the "
                "email parameter, but may also contain a name parameter.",
                "from.email",
            )
        )
    template = body.get("template_id")
    if not template:
        has_subject = bool(body.get("subject")) or (
            personalizations and all(isinstance(p, dict) and p.get("subject") for p in personalizations)
        )
        if not has_subject:
            problems.append(
                (
                    "The subject is required. You can get around this requirement if you use a template "
                    "with a subject defined or if every personalization has a subject defined.",
                    "subject",
                )
            )
        content = body.get("content")
        if not isinstance(content, list) or not content:
            problems.append(
                (
                    "Unless a valid template_id is provided, the content parameter is required. There "
                    "must be at least one defined content block.",
                    "content",
                )
            )
        else:
            types = []
            for index, block in enumerate(content):
                if (
                    not isinstance(block, dict)
                    or not isinstance(block.get("value"), str)
                    or not block["value"]
                ):
                    problems.append(
                        (
                            "The content value must be a string at least one character in length.",
                            f"content.{index}.value",
                        )
                    )
                    continue
                types.append(str(block.get("type", "")))
            if (
                "text/plain" in types
                and "text/html" in types
                and types.index("text/plain") > types.index("text/html")
            ):
                problems.append(
                    ("If present, text/plain and text/html may only be provided in that order.", "content")
                )
    headers = body.get("headers", {})
    if not isinstance(headers, dict):
        problems.append(("Invalid type. Expected: object, given: other.", "headers"))
    else:
        for name, value in headers.items():
            if name.lower() in RESERVED_HEADERS:
                problems.append((f"The header {name} is reserved and cannot be set.", "headers"))
            if not isinstance(value, str):
                problems.append(("Invalid type. Expected: string.", f"headers.{name}"))
    categories = body.get("categories", [])
    if not isinstance(categories, list) or len(categories) > 10 or any(len(str(c)) > 255 for c in categories):
        problems.append(("Too many categories, or a category is longer than 255 characters.", "categories"))
    return problems


def create_app(state: SendGridState) -> FastAPI:
    app = FastAPI(title="SendGrid stand-in", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.sendgrid = state

    @app.post("/v3/mail/send")
    async def mail_send(request: Request) -> Response:
        state.requests += 1
        scheme, _, key = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or key.strip() != state.api_key:
            return _errors(401, ("The provided authorization grant is invalid, expired, or revoked", None))
        if state.faults:
            status = state.faults.pop(0)
            response = _errors(
                status, ("Service unavailable" if status >= 500 else "too many requests", None)
            )
            if status == 429:
                response.headers["X-RateLimit-Reset"] = "0"
            return response
        try:
            body = json.loads(await request.body())
        except ValueError:
            return _errors(400, ("Bad Request", None))
        problems = validate(body)
        if problems:
            return _errors(400, *problems)
        message_id = secrets.token_urlsafe(16)
        state.messages.append({**body, "x_message_id": message_id})
        return Response(status_code=202, headers={"X-Message-Id": message_id})

    return app
