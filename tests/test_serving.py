"""The served stack (`python -m search_app serve`): nginx in front of gunicorn, over real sockets.

Slow and idle clients must not starve the app, every error on an API path is JSON with
the security headers whichever layer made it, the longest allowed question fits in a
GET, and no layer's log carries a question.
"""
from __future__ import annotations

import shutil
import socket
import statistics
import time
import urllib.parse
from pathlib import Path

import pytest
import requests

from bench.reliability import Stack, send_raw
from search_app.http import MAX_BODY_BYTES, SECURITY_HEADERS
from search_app.serving import CLIENT_TIMEOUT_SECONDS

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
pytestmark = pytest.mark.skipif(not Path(NGINX).is_file(), reason="nginx is not installed (apt-get install nginx)")
MARKER = "zqxmarker"
STALLED_CONNECTIONS = 50


@pytest.fixture(scope="module")
def server(built_index, tmp_path_factory):
    running = Stack(built_index[1], tmp_path_factory.mktemp("serve") / "server.log")
    yield running
    running.stop()


def assert_secured(response: requests.Response) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, name


def search_times(url: str, count: int) -> list[float]:
    times = []
    for n in range(count):
        started = time.perf_counter()
        assert requests.get(f"{url}/search", params={"q": f"how can I sleep better {n}"}, timeout=10).status_code == 200
        times.append(time.perf_counter() - started)
    return times


@pytest.fixture(scope="module")
def alone(built_index, tmp_path_factory):
    """`serve --no-front`: gunicorn alone, with its gevent workers."""
    running = Stack(built_index[1], tmp_path_factory.mktemp("alone") / "server.log", "--no-front")
    yield running
    running.stop()


def test_fifty_stalled_connections_leave_healthz_fast_and_searches_near_their_idle_speed(server):
    assert_stalled_connections_cost_little(server)


def test_without_nginx_fifty_stalled_connections_leave_healthz_fast_too(alone):
    """On the previous main, gunicorn alone (four threads) stopped answering /healthz with 4 stalled sockets."""
    assert_stalled_connections_cost_little(alone)


def assert_stalled_connections_cost_little(server) -> None:
    idle = statistics.median(search_times(server.url, 15))
    stalled = []
    try:
        for n in range(STALLED_CONNECTIONS):
            connection = socket.create_connection(("127.0.0.1", server.port), timeout=5)
            # Half send headers without the blank line that ends them, half a body shorter than promised.
            connection.sendall(b"GET /search?q=sleep HTTP/1.1\r\nHost: x\r\n" if n % 2 else
                               b"POST /search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                               b"Content-Length: 500\r\n\r\n{\"q\":")
            stalled.append(connection)
        time.sleep(0.5)
        started = time.perf_counter()
        assert requests.get(f"{server.url}/healthz", timeout=1).status_code == 200
        assert time.perf_counter() - started < 1
        busy = statistics.median(search_times(server.url, 15))
        assert busy <= 2 * idle, (busy, idle)
    finally:
        for connection in stalled:
            connection.close()


def test_the_front_times_out_a_stalled_client(server):
    started = time.monotonic()
    status, _, _ = send_raw(server.port, b"GET /search?q=sleep HTTP/1.1\r\nHost: x\r\n", CLIENT_TIMEOUT_SECONDS + 20)
    assert time.monotonic() - started < CLIENT_TIMEOUT_SECONDS + 10
    assert status != 200


@pytest.mark.parametrize("make_request, status", [
    (lambda url: requests.get(f"{url}/search", params={"q": "x" * 9000}, timeout=10), 414),
    (lambda url: requests.post(f"{url}/search", data=b"{" + b" " * (MAX_BODY_BYTES + 10) + b"}",
                               headers={"Content-Type": "application/json"}, timeout=10), 413),
    (lambda url: requests.get(f"{url}/search", headers={"X-Big": "y" * 20000}, timeout=10), 400),
    (lambda url: requests.request("TRACE", f"{url}/search", timeout=10), 405),  # nginx's own page before
])
def test_errors_the_front_makes_on_api_paths_are_json_with_the_security_headers(server, make_request, status):
    response = make_request(server.url)
    assert response.status_code == status
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json()["error"]
    assert_secured(response)


def test_a_client_mistake_is_never_answered_with_a_5xx(server):
    status, headers, body = send_raw(server.port, b"GET /search?q=sleep HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert status == 400 and headers["content-type"].startswith("application/json") and b"error" in body
    assert all(headers.get(name.lower()) == value for name, value in SECURITY_HEADERS.items())


def test_errors_on_pages_are_short_pages_with_the_security_headers(server):
    response = requests.get(f"{server.url}/", params={"q": "sleep"}, headers={"Accept": "text/html", "X-Big": "y" * 20000},
                            timeout=10)
    assert response.status_code == 400 and response.headers["Content-Type"].startswith("text/html")
    assert "y" * 50 not in response.text
    assert_secured(response)


def test_a_request_line_too_long_to_read_is_answered_in_json_with_the_security_headers(server):
    """Before its headers are read a request has no known path or Accept: the front answers JSON."""
    response = requests.get(f"{server.url}/", params={"q": "x" * 9000}, headers={"Accept": "text/html"}, timeout=10)
    assert response.status_code == 414 and response.json()["error"] and "x" * 50 not in response.text
    assert_secured(response)


def test_app_responses_through_the_front_carry_one_copy_of_each_security_header(server):
    response = requests.get(f"{server.url}/search", params={"q": "sleep"}, timeout=10)
    assert response.status_code == 200
    assert_secured(response)
    assert response.raw.headers.getlist("Content-Security-Policy") == [SECURITY_HEADERS["Content-Security-Policy"]]


@pytest.mark.parametrize("character", ["睡", "😴"])
def test_the_longest_allowed_question_fits_in_a_get_in_any_script(server, character):
    question = character * 500
    response = requests.get(f"{server.url}/search", params={"q": question}, timeout=30)
    assert response.status_code == 200 and response.json()["query"] == question
    page = requests.get(f"{server.url}/", params={"q": question}, timeout=30)
    assert page.status_code == 200


def test_no_question_reaches_any_log_of_the_stack(built_index, tmp_path):
    """Questions as a browser, a program and a broken client send them, including raw non-ASCII."""
    front = Stack(built_index[1], tmp_path / "front.log")
    direct = Stack(built_index[1], tmp_path / "direct.log", "--no-front")
    logs = []
    try:
        for server in (front, direct):
            requests.get(f"{server.url}/search", params={"q": f"{MARKER}1 sleep"}, timeout=10)
            requests.get(f"{server.url}/", params={"q": f"{MARKER}2 sleep"}, timeout=10)
            requests.post(f"{server.url}/search", json={"q": f"{MARKER}3 sleep", "k": "x"}, timeout=10)
            requests.get(f"{server.url}/search", params={"q": f"{MARKER}4" * 2000}, timeout=10)
            send_raw(server.port, f"GET /search?q=schlafstörung{MARKER}5 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                       .encode("utf-8"))
            send_raw(server.port, f"GET /search?q={MARKER}6 sleep HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
            send_raw(server.port, f"BREW /search?q={MARKER}7\r\n\r\n".encode())
            send_raw(server.port, f"GET /search?q={urllib.parse.quote(MARKER)}8 HTTP/1.1\r\nHost: x\r\n{MARKER}9: y\r\n"
                       f"Connection: close\r\n\r\n".encode())
    finally:
        logs = [front.stop(), direct.stop()]
    for log in logs:
        assert "Booting worker" in log or "Listening at" in log  # the log was captured at all
        assert MARKER not in log and "schlaf" not in log


@pytest.mark.parametrize("flags", [(), ("--no-front",)])
def test_stopping_the_server_stops_everything_it_started(built_index, tmp_path, flags):
    stack = Stack(built_index[1], tmp_path / "server.log", *flags)
    output = stack.stop()
    front = "(gunicorn alone; install nginx for production)" if flags else "(nginx in front)"
    assert f"Serving on http://127.0.0.1:{stack.port} {front}" in output
    assert "DEBUG" not in output and "Traceback" not in output
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", stack.port), timeout=1).close()
        except OSError:
            return  # nothing listens any more
        time.sleep(0.2)
    pytest.fail(f"something still answers on port {stack.port} after the server was stopped")


def test_the_front_compresses_answers_for_clients_that_accept_it(server):
    plain = requests.get(f"{server.url}/search?q=sleep&k=10", headers={"Accept-Encoding": "identity"}, timeout=10)
    packed = requests.get(f"{server.url}/search?q=sleep&k=10", headers={"Accept-Encoding": "gzip"}, timeout=10, stream=True)
    raw = packed.raw.read(decode_content=False)
    assert packed.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed.headers["Vary"]
    assert "Content-Encoding" not in plain.headers and len(raw) < len(plain.content) / 2
    page = requests.get(f"{server.url}/articles", headers={"Accept-Encoding": "gzip"}, timeout=10)
    assert page.headers["Content-Encoding"] == "gzip"
