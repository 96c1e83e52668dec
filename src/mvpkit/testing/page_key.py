"""What makes two moments in the browser the same page: for axe's findings and pictures.

Two pages are the same when their documents are, as the browser holds them now, and their
viewports are the same size. Only the values new on every response, the CSP nonce and the
CSRF token, are left out of the comparison.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

PER_RESPONSE = re.compile(r'(\bnonce="|name="csrf_token" value=")[^"]*"')


def page_key(page: Page) -> str:
    """A digest of the document as it is now and of the viewport's size."""
    document = PER_RESPONSE.sub(r'\1"', page.content())
    size = page.viewport_size
    seen = f"{size['width']}x{size['height']}\n{document}" if size else document
    return hashlib.sha256(seen.encode()).hexdigest()
