"""Whether text is one email address: no display name, no list, nothing SMTP would split.

Checked by `email-validator` without asking DNS; `victim@example.org,x1.example` is two
addresses to an SMTP server, so it is refused here.
"""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

FORMAT_MESSAGE = "Enter an email address in the correct format, like name@example.com"


def is_email_address(value: str) -> bool:
    """True when `value` is exactly one deliverable-looking address, as typed."""
    try:
        validate_email(
            value,
            check_deliverability=False,
            allow_smtputf8=False,
            allow_display_name=False,
            allow_quoted_local=False,
            allow_domain_literal=False,
        )
    except EmailNotValidError:
        return False
    return True
