"""GOV.UK-styled error pages: never a stack trace."""

from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

MESSAGES: dict[int, tuple[str, str]] = {
    400: (
        "Sorry, there is a problem with what was sent",
        "The page could not use the information sent to it. Go back and try again.",
    ),
    403: (
        "You do not have permission to see this page",
        "If you work for the council, sign in to the back office first.",
    ),
    404: (
        "Page not found",
        "If you typed the web address, check it is correct. If you pasted the web address, "
        "check you copied the entire address.",
    ),
    405: (
        "Sorry, there is a problem with what was sent",
        "That page cannot be used this way. Go back and try again.",
    ),
    413: ("Sorry, what you sent is too large", "Go back, shorten your answers and try again."),
    429: ("Sorry, there have been too many attempts", "Wait 15 minutes, then try again."),
    500: ("Sorry, there is a problem with the service", "Try again later."),
}
CSRF_MESSAGE = (
    "Sorry, we could not accept that form",
    "The form was too old or was not sent from this service. Your answers so far "
    "are saved. Go back, reload the page and try again.",
)


def install_error_pages(app: Flask) -> None:
    """Render every HTTP error, and any unexpected exception, as a GOV.UK page."""
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)


def error_page(code: int, heading: str | None = None, body: str | None = None) -> tuple[str, int]:
    """The error page for this status code, with an optional specific message."""
    default_heading, default_body = MESSAGES.get(
        code, MESSAGES[400] if code < 500 else MESSAGES[500]
    )
    return render_template(
        "mvpkit/error.html",
        title=heading or default_heading,
        heading=heading or default_heading,
        body=body or default_body,
        code=code,
    ), code


def _csrf_error(_error: CSRFError) -> tuple[str, int]:
    return error_page(400, *CSRF_MESSAGE)


def _http_error(error: HTTPException) -> tuple[str, int]:
    return error_page(error.code or 500)


def _unexpected_error(error: Exception) -> tuple[str, int]:
    if isinstance(error, HTTPException):  # pragma: no cover - handled above
        return _http_error(error)
    from flask import current_app

    current_app.logger.exception("Unhandled error", exc_info=error)
    return error_page(InternalServerError.code)
