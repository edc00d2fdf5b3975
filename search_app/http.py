"""HTTP facts shared by the app and the servers in front of it: the API's paths, security headers, size limits."""
from __future__ import annotations

API_PATHS = ("/search", "/v2/search", "/healthz", "/openapi.json", "/topics")
# API paths that are only themselves: /topics/<tag> is a page.
EXACT_API_PATHS = ("/topics",)
SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                                "base-uri 'none'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
# The front passes the reader's address to the app (which sees only the front's unix socket) in this header,
# used only to count a reader once in the gap report; the app trusts it only on its unix socket.
READER_ADDRESS_HEADER = "X-Reader-Address"
# A POST body holds one small JSON object: a question of at most a few thousand bytes.
MAX_BODY_BYTES = 64 * 1024
# The longest GET: 500 characters of 4-byte UTF-8, percent-encoded (12 bytes each), with
# room for the other parameters. Every server's request-line limit is set to this.
MAX_REQUEST_LINE_BYTES = 8190


def is_api_path(path: str) -> bool:
    return path in API_PATHS or any(path.startswith(p + "/") for p in API_PATHS if p not in EXACT_API_PATHS)
