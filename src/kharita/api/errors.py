"""One JSON shape for every error the server answers: ``{"error": {"status", "code", "message", "details"}}``.

Handlers cover HTTP errors raised by routes and by routing itself (404, 405), request validation (422),
kharita's own errors (a bad value: 422; the database: 503) and anything unexpected (500, logged, no internals
shown).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from kharita.api.schemas import ErrorBody, ErrorDetail, ErrorResponse
from kharita.api.security import SECURITY_HEADERS
from kharita.errors import InputError, KharitaError, StoreError

log = logging.getLogger("kharita.api")

_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
          409: "conflict", 413: "too_large", 415: "unsupported_media_type", 422: "validation_error",
          500: "internal_error", 503: "unavailable"}

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "The token is missing or wrong (reads may need it too)."},
    404: {"model": ErrorResponse, "description": "Not found."},
    422: {"model": ErrorResponse, "description": "A parameter or the body is not valid."},
    500: {"model": ErrorResponse, "description": "Unexpected error (logged by the server)."},
    503: {"model": ErrorResponse, "description": "The database cannot be read or written."},
}
# For routes whose own responses are not JSON (CSV, GeoJSON): errors are still JSON.
EXPORT_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"description": spec["description"],
             "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}}
    for status, spec in ERROR_RESPONSES.items()
}
WRITE_RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERROR_RESPONSES,
    400: {"model": ErrorResponse, "description": "The body cannot be read (not UTF-8 JSON)."},
    403: {"model": ErrorResponse, "description": "Writes are disabled: the server was started without a token."},
}


def error_response(status: int, message: str, *, code: str | None = None, details: Sequence[ErrorDetail] = (),
                   headers: Mapping[str, str] | None = None) -> JSONResponse:
    body = ErrorResponse(error=ErrorBody(status=status, code=code or _CODES.get(status, _phrase(status)),
                                         message=message, details=list(details)))
    return JSONResponse(body.model_dump(mode="json"), status_code=status,
                        headers={**SECURITY_HEADERS, **(headers or {})})


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase.lower().replace(" ", "_")
    except ValueError:
        return "error"


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    message = exc.detail if isinstance(exc.detail, str) else _phrase(exc.status_code).replace("_", " ")
    if exc.status_code == 404 and message == "Not Found":
        message = "nothing here: see /docs for the API and / for the dashboard"
    elif exc.status_code == 400 and message == "There was an error parsing the body":
        message = "the body cannot be read: send JSON encoded as UTF-8"
    return error_response(exc.status_code, message, headers=exc.headers)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = [ErrorDetail(location=[p if isinstance(p, int) else str(p) for p in e.get("loc", ())],
                           message=str(e.get("msg", "")), type=str(e.get("type", "")))
               for e in exc.errors()]
    summary = "; ".join(f"{'.'.join(str(p) for p in d.location)}: {d.message}" for d in details[:5])
    return error_response(422, f"invalid request: {summary}" if summary else "invalid request", details=details)


async def _kharita_error(_request: Request, exc: Exception) -> JSONResponse:
    if isinstance(exc, InputError):
        return error_response(422, str(exc))
    if isinstance(exc, StoreError):
        log.error("database error: %s", exc)
        return error_response(503, str(exc))
    log.error("kharita error: %s", exc)
    return error_response(500, str(exc))


async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
    log.error("unexpected error", exc_info=exc)
    return error_response(500, "unexpected error; the server log has the details")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(KharitaError, _kharita_error)
    app.add_exception_handler(Exception, _unexpected)
