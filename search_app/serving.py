"""Serving: gunicorn runs the app; nginx in front holds slow and idle clients; neither logs a question.

`python -m search_app serve` starts both: gunicorn (search_app/gunicorn_conf.py) on a
unix socket in a private runtime folder, and nginx (Debian's) in front on the bind
address. nginx reads each request whole before passing it on, so sockets that stall
mid-request, or sit idle, cost nginx a connection slot and no app thread; it times
them out, bounds request and body sizes, answers its own errors with JSON on the API's
paths, adds the security headers to every response, and logs nothing about requests.
`--no-front` serves with gunicorn alone (development, or where nginx cannot be installed), with
gevent's workers (`search_app.async_worker`): a socket that stalls mid-request holds a greenlet,
not one of four threads, so the server keeps answering (gunicorn's documented answer to slow clients).

gunicorn itself runs `PrivateWorker` and `PrivateLogger`: its own error responses
(malformed request lines, headers too large) are JSON or a short page with the security
headers and without echoing the request, and its log lines never carry a request line.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gunicorn import glogging
from gunicorn.http.errors import ExpectationFailed, ForbiddenProxyRequest, LimitRequestHeaders, LimitRequestLine
from gunicorn.http.errors import UnsupportedTransferCoding
from gunicorn.workers.gthread import ThreadWorker

from search_app.http import (API_PATHS, EXACT_API_PATHS, MAX_BODY_BYTES, MAX_REQUEST_LINE_BYTES, READER_ADDRESS_HEADER,
                             SECURITY_HEADERS, is_api_path)

GUNICORN_CONFIG = "python:search_app.gunicorn_conf"
# Without nginx in front, the worker class that is not held by slow clients.
ALONE_WORKER = "search_app.async_worker.PrivateAsyncWorker"
DEFAULT_BIND = "127.0.0.1:8000"
# The statuses nginx may answer itself, and the words for them.
FRONT_ERRORS = {400: "Bad Request", 405: "Method Not Allowed", 408: "Request Timeout", 413: "Content Too Large", 414: "URI Too Long",
                431: "Request Header Fields Too Large", 494: "Request Header Too Large", 500: "Internal Server Error",
                502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}
# Client mistakes nginx would answer with a 5xx (505: an HTTP version it does not speak),
# answered as the 4xx they are, so a 5xx always means the server is at fault.
CLIENT_MISTAKES = {505: 400}
# How long a client may take to send its headers or body, or stay idle between requests.
CLIENT_TIMEOUT_SECONDS = 10
KEEPALIVE_SECONDS = 15
_REDACT = [
    (re.compile(r"\?[^\s'\"]*"), "?<redacted>"),                     # query strings in URIs
    (re.compile(r"(Invalid request from ip=[^:]*:).*", re.S), r"\1 <redacted>"),
    (re.compile(r"(Invalid (?:Request Line|Method|HTTP Version|header[^:]*)).*", re.I | re.S), r"\1 <redacted>"),
]


def redact(message: str) -> str:
    """A log message without request lines or query strings: questions are private."""
    for pattern, replacement in _REDACT:
        message = pattern.sub(replacement, message)
    return message


class _RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = redact(record.getMessage()), ()
        return True


class PrivateLogger(glogging.Logger):
    """gunicorn's logger, with every error-log line redacted and no access log."""

    def setup(self, cfg):
        super().setup(cfg)
        self.error_log.addFilter(_RedactingFilter())
        for handler in self.error_log.handlers:
            handler.addFilter(_RedactingFilter())


def _status_for(exc: Exception) -> tuple[int, str]:
    for kinds, status in (((LimitRequestLine,), (414, "URI Too Long")),
                          ((LimitRequestHeaders,), (431, "Request Header Fields Too Large")),
                          ((ForbiddenProxyRequest,), (403, "Forbidden")),
                          ((UnsupportedTransferCoding,), (501, "Not Implemented")),
                          ((ExpectationFailed,), (417, "Expectation Failed"))):
        if isinstance(exc, kinds):
            return status
    return 400, "Bad Request"


def error_body(status: int, reason: str, path: str) -> tuple[str, bytes]:
    """(content type, body) of an error the server makes itself: JSON on the API's paths."""
    if is_api_path(path):
        code = reason.lower().replace(" ", "_")
        return "application/json", json.dumps({"error": {"code": code, "message": f"{reason.lower()}: the request "
                                                         "could not be read; check its size and encoding"}}).encode()
    page = (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{reason}</title></head>"
            f"<body><main><h1>{reason}</h1><p>We could not read that request. <a href=\"/\">Go to the search "
            f"page</a>.</p></main></body></html>")
    return "text/html; charset=utf-8", page.encode()


class PrivateErrors:
    """A gunicorn worker's answer to a malformed request, without echoing it (mixed into each worker class)."""

    def handle_error(self, req, client, addr, exc):
        if not isinstance(exc, Exception) or type(exc).__module__ != "gunicorn.http.errors":
            self.log.error("error handling a request: %s", type(exc).__name__)
            status, reason = 500, "Internal Server Error"
        else:
            self.log.warning("refused a malformed request: %s", type(exc).__name__)
            status, reason = _status_for(exc)
        # A request unreadable before its path is known is answered in JSON, as the front answers it.
        content_type, body = error_body(status, reason, getattr(req, "path", None) or API_PATHS[0])
        headers = "".join(f"{name}: {value}\r\n" for name, value in SECURITY_HEADERS.items())
        response = (f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\nContent-Type: {content_type}\r\n"
                    f"Content-Length: {len(body)}\r\n{headers}\r\n").encode("latin1") + body
        try:
            client.sendall(response)
        except OSError:
            pass


class PrivateWorker(PrivateErrors, ThreadWorker):
    """gunicorn's threaded worker (behind nginx, which holds slow clients), answering malformed requests
    without echoing them."""


def write_error_pages(folder: Path) -> None:
    """The front's own error responses, JSON and HTML, made by the same function as gunicorn's."""
    folder.mkdir(parents=True, exist_ok=True)
    for status, reason in FRONT_ERRORS.items():
        for kind, path in (("json", API_PATHS[0]), ("html", "/")):
            (folder / f"{status}.{kind}").write_bytes(error_body(status, reason, path)[1])


def nginx_config(listen: str, upstream: str, runtime: Path) -> str:
    """The front's configuration: buffering, timeouts, limits, JSON errors, security headers, no logs of requests."""
    headers = "\n".join(f"        add_header {name} \"{value}\" always;" for name, value in SECURITY_HEADERS.items())
    hidden = "\n".join(f"            proxy_hide_header {name};" for name in SECURITY_HEADERS)
    temp = "\n".join(f"    {kind}_temp_path {runtime / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    api = "|".join(re.escape(p.lstrip("/")) for p in API_PATHS if p not in EXACT_API_PATHS)
    exact = "|".join(re.escape(p.lstrip("/")) for p in EXACT_API_PATHS)
    error_pages = "\n".join([f"        error_page {status} /_errors/{status}.$error_kind;" for status in FRONT_ERRORS] +
                            [f"        error_page {status} ={answer} /_errors/{answer}.$error_kind;"
                             for status, answer in CLIENT_MISTAKES.items()])
    # Started as root, nginx would run its workers as nobody, who cannot reach our socket.
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};\n" if os.geteuid() == 0 else ""
    return f"""# Generated by `python -m search_app serve`; see search_app/serving.py.
daemon off;
worker_processes 1;
{user}pid {runtime / "nginx.pid"};
# nginx's error-log entries quote the request line, and so the question, at every level
# (an unreachable upstream is "crit"): its log is discarded. Start-up errors still reach
# stderr (-e stderr), and the app's own log, redacted, says what the app saw.
error_log /dev/null;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    server_tokens off;
{temp}
    client_max_body_size {MAX_BODY_BYTES};
    client_body_buffer_size {MAX_BODY_BYTES};
    client_header_buffer_size 1k;
    large_client_header_buffers 4 {MAX_REQUEST_LINE_BYTES + 2};
    client_header_timeout {CLIENT_TIMEOUT_SECONDS}s;
    client_body_timeout {CLIENT_TIMEOUT_SECONDS}s;
    send_timeout {CLIENT_TIMEOUT_SECONDS}s;
    keepalive_timeout {KEEPALIVE_SECONDS}s;
    reset_timedout_connection on;
    types {{ application/json json; text/html html; text/css css; }}
    # JSON on the API's paths; elsewhere a page for browsers and JSON for programs, since a
    # request too malformed to have a path (an over-long request line) can come from either.
    map "$uri $http_accept" $error_kind {{ ~^/({api})(/|\s) json; ~^/({exact})\s json; "~^\S*\s.*text/html" html; default json; }}
    # Answers compressed for clients that accept it (JSON, pages and the stylesheet), once over a packet.
    gzip on;
    gzip_types application/json text/css;
    gzip_min_length 1024;
    gzip_proxied any;
    gzip_vary on;
    upstream app {{ server unix:{upstream}; keepalive 8; }}
    server {{
        listen {listen} default_server;
{headers}
{error_pages}
        location / {{
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header {READER_ADDRESS_HEADER} $remote_addr;
            proxy_buffering on;
            proxy_read_timeout 60s;
            # the app sets these too: one copy, from here, on every response
{hidden}
        }}
        location /_errors/ {{
            internal;
            root {runtime};
        }}
    }}
}}
"""


def _die_with_parent() -> None:
    """In a child: be sent SIGTERM if this supervisor dies, however it dies (Linux)."""
    import ctypes

    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _listening(bind: str, front: subprocess.Popen, seconds: float = 30) -> bool:
    """Whether the front accepts connections on `bind` within `seconds` (False if it exited first)."""
    import socket

    host, _, port = bind.rpartition(":")
    deadline = time.monotonic() + seconds
    while front.poll() is None and time.monotonic() < deadline:
        try:
            socket.create_connection((host.strip("[]") or "127.0.0.1", int(port)), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--bind", default=DEFAULT_BIND, help=f"address readers connect to (default: {DEFAULT_BIND})")
    parser.add_argument("--no-front", action="store_true", help="serve with gunicorn alone, without nginx in front")
    parser.add_argument("--nginx", default=shutil.which("nginx") or "/usr/sbin/nginx", help="the nginx program")


def serve(args: argparse.Namespace) -> int:
    """Run the app until Ctrl-C or SIGTERM: gunicorn, with nginx in front unless `--no-front`."""
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", GUNICORN_CONFIG]
    if args.no_front:  # become gunicorn: signals reach it directly, and no child outlives this process
        print(f"Serving on http://{args.bind} (gunicorn alone; install nginx for production)", flush=True)
        os.execv(sys.executable, [*gunicorn, "-k", ALONE_WORKER, "-b", args.bind, "search_app:create_app()"])
    if not Path(args.nginx).is_file():
        print(f"error: nginx is not installed ({args.nginx}): apt-get install nginx, "
              "or serve without the front with --no-front", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="mental-health-search-") as scratch:
        runtime = Path(scratch)
        socket = runtime / "app.sock"
        write_error_pages(runtime / "_errors")
        (runtime / "nginx.conf").write_text(nginx_config(args.bind, str(socket), runtime), encoding="utf-8")
        app = subprocess.Popen([*gunicorn, "-b", f"unix:{socket}", "search_app:create_app()"],
                               preexec_fn=_die_with_parent)
        deadline = time.monotonic() + 120
        while not socket.exists() and app.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        front = subprocess.Popen([args.nginx, "-p", str(runtime), "-c", str(runtime / "nginx.conf"),
                                  "-e", "stderr"], preexec_fn=_die_with_parent)
        children = (front, app)
        if _listening(args.bind, front):
            print(f"Serving on http://{args.bind} (nginx in front)", flush=True)
        signal.signal(signal.SIGTERM, lambda *_: [c.terminate() for c in children if c.poll() is None])
        try:
            while all(c.poll() is None for c in children):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            for child in children:
                if child.poll() is None:
                    child.terminate()
            for child in children:
                try:
                    child.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    child.kill()
        # Stopped by us (SIGTERM) or by Ctrl-C is a clean exit; anything else is not.
        return 0 if all(c.returncode in (0, -signal.SIGTERM, -signal.SIGINT) for c in children) else 1
