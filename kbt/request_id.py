"""A request id on every log line, response and error page, so a person's "it went wrong" and the
server's logs meet. The load balancer's X-Request-ID is kept when it sends one; otherwise one is made."""

import logging
import re
import uuid
from contextvars import ContextVar

import sentry_sdk

HEADER = "X-Request-ID"
# A load balancer's id is kept only if it looks like one: nothing a log reader could be fooled by.
_ACCEPTABLE = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")
_current: ContextVar[str] = ContextVar("request_id", default="")


def current_request_id() -> str:
    """The id of the request being handled in this thread or task, or "" outside one."""
    return _current.get()


class RequestIdMiddleware:
    """First in MIDDLEWARE, so every later log line of the request carries the id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(HEADER, "")
        request_id = given if _ACCEPTABLE.match(given) else uuid.uuid4().hex
        request.request_id = request_id
        token = _current.set(request_id)
        sentry_sdk.set_tag("request_id", request_id)  # does nothing unless SENTRY_DSN is set
        try:
            response = self.get_response(request)
            response[HEADER] = request_id
            return response
        finally:
            _current.reset(token)


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record ("-" outside a request: Celery, management commands)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current.get() or "-"
        return True
