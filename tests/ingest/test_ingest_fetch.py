"""URLs: fetched from a local HTTP server (allowed with allow_private), refused without it."""

from __future__ import annotations

import socket
import threading
import time
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from ingest_samples import ARTICLE_HTML, EN_BODY_LINES, EN_REPORT, RSS_FEED

from eventlens.config import Config
from eventlens.errors import InputError
from eventlens.ingest import fetch, read_sources
from eventlens.ingest.fetch import address_refusal
from eventlens.model import Document

ALLOW = Config(allow_private=True)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *args):  # keep the test output quiet
        pass

    def _send(
        self,
        status: int,
        content_type: str,
        body: bytes,
        headers: dict[str, str] | None = None,
        length: bool = True,
    ):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if length:
            self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # the http.server API names it so
        port = self.server.server_address[1]
        routes = {
            "/article": lambda: self._send(200, "text/html; charset=utf-8", ARTICLE_HTML.encode()),
            "/report": lambda: self._send(200, "text/plain; charset=utf-8", EN_REPORT.encode()),
            "/report-1256": lambda: self._send(
                200,
                "text/plain; charset=windows-1256",
                "تقرير: قالت مصادر محلية إن الاشتباكات استمرت ساعتين.".encode("cp1256"),
            ),
            "/feed": lambda: self._send(200, "application/rss+xml", RSS_FEED.encode()),
            "/feed-as-xml": lambda: self._send(200, "text/xml", RSS_FEED.encode()),
            "/unlabelled": lambda: self._send(200, "application/octet-stream", ARTICLE_HTML.encode()),
            "/redirect": lambda: self._send(302, "text/plain", b"", {"Location": "/article"}),
            "/redirect-private": lambda: self._send(
                302, "text/plain", b"", {"Location": f"http://127.0.0.2:{port}/article"}
            ),
            "/redirect-ftp": lambda: self._send(302, "text/plain", b"", {"Location": "ftp://example.org/x"}),
            "/loop": lambda: self._send(302, "text/plain", b"", {"Location": "/loop"}),
            "/big": lambda: self._send(200, "text/plain", b"x" * 5000),
            "/big-streamed": lambda: self._send(200, "text/plain", b"word " * 1000, length=False),
            "/missing": lambda: self._send(404, "text/html", b"<html><body>Not here</body></html>"),
            "/image": lambda: self._send(200, "image/png", b"\x89PNG\r\n"),
            "/empty": lambda: self._send(200, "text/plain", b""),
            "/slow": self._slow,
            "/trickle": self._trickle,
            "/huge-header": lambda: self._send(200, "text/plain", b"x", {"X-Padding": "a" * 200_000}),
        }
        routes.get(self.path, lambda: self._send(404, "text/plain", b"no such route"))()

    def _trickle(self):
        # A whole report, two bytes at a time: each read is quick, the whole takes seconds.
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        body = EN_REPORT.encode()
        try:
            for start in range(0, min(len(body), 60), 2):
                self.wfile.write(body[start : start + 2])
                self.wfile.flush()
                time.sleep(0.1)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should

    def _slow(self):
        time.sleep(1.5)
        self._send(200, "text/plain", EN_REPORT.encode())


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def read(*urls, config=ALLOW, **options):
    return list(read_sources(urls, config, **options))


def only(results, kind):
    assert len(results) == 1, results
    assert isinstance(results[0], kind), results[0]
    return results[0]


def test_html_page(server):
    doc = only(read(f"{server}/article"), Document)
    assert (doc.source, doc.url) == (f"{server}/article", f"{server}/article")
    assert doc.outlet == "Example Network"
    assert doc.title == "Shelling hits villages near Al-Bukamal"
    assert doc.published == date(2025, 3, 14)
    assert "Artillery units shelled" in doc.text


def test_plain_text_and_declared_charset(server):
    doc = only(read(f"{server}/report"), Document)
    assert doc.text == "\n\n".join(EN_BODY_LINES)
    arabic = only(read(f"{server}/report-1256"), Document)
    assert arabic.text.startswith("تقرير: قالت مصادر محلية") and arabic.language == "ar"


@pytest.mark.parametrize("path", ["/feed", "/feed-as-xml"])
def test_feed_url(server, path):
    first, second = read(f"{server}{path}")
    assert first.url == "https://example.org/news/checkpoint"
    assert second.outlet == "Example Network"


def test_content_sniffed_when_unlabelled(server):
    assert only(read(f"{server}/unlabelled"), Document).outlet == "Example Network"


def test_redirect_is_followed(server):
    doc = only(read(f"{server}/redirect"), Document)
    assert doc.source == f"{server}/redirect"
    assert doc.url == f"{server}/article"


def test_redirect_limits(server):
    assert only(read(f"{server}/loop"), InputError).reason == "too many redirects (more than 5)"
    assert "unsupported URL scheme 'ftp'" in only(read(f"{server}/redirect-ftp"), InputError).reason


def test_private_address_is_refused_without_allow_private(server):
    error = only(read(f"{server}/article", config=Config()), InputError)
    assert (
        error.reason == "resolves to a private address 127.0.0.1 (loopback); pass --allow-private to fetch it"
    )
    port = server.rsplit(":", 1)[1]
    error = only(read(f"http://localhost:{port}/article", config=Config()), InputError)
    assert "resolves to a private address" in error.reason and "--allow-private" in error.reason


def test_every_resolved_address_is_checked(monkeypatch):
    monkeypatch.setattr(fetch, "resolve_host", lambda host, port: ["93.184.216.34", "10.1.2.3"])
    error = only(read("http://mixed.example/", config=Config()), InputError)
    assert error.reason == "resolves to a private address 10.1.2.3; pass --allow-private to fetch it"


def test_redirect_target_is_checked_again(server, monkeypatch):
    # Let 127.0.0.1 pass as if it were public: the redirect to 127.0.0.2 must still be refused.
    real = address_refusal
    monkeypatch.setattr(
        fetch, "address_refusal", lambda address: None if address == "127.0.0.1" else real(address)
    )
    error = only(read(f"{server}/redirect-private", config=Config()), InputError)
    assert (
        error.reason == "resolves to a private address 127.0.0.2 (loopback); pass --allow-private to fetch it"
    )


def test_connected_address_is_checked_after_resolution(server, monkeypatch):
    # A name that resolved to a public address but connects to a private one is refused.
    monkeypatch.setattr(fetch, "_check_host", lambda source, url: None)
    error = only(read(f"{server}/article", config=Config()), InputError)
    assert "resolves to a private address 127.0.0.1" in error.reason


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("10.0.0.1", "private"),
        ("192.168.1.1", "private"),
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("::ffff:10.0.0.1", "private"),
        ("100.64.0.1", "non-public"),
        ("93.184.216.34", None),
        ("2606:4700::1111", None),
    ],
)
def test_address_classes(address, kind):
    assert address_refusal(address) == kind


def test_size_limit(server):
    small = Config(allow_private=True, max_input_bytes=1000)
    assert only(read(f"{server}/big", config=small), InputError).reason == "larger than the 1000 bytes limit"
    assert (
        only(read(f"{server}/big-streamed", config=small), InputError).reason
        == "larger than the 1000 bytes limit"
    )


def test_http_errors_and_bad_content(server):
    assert only(read(f"{server}/missing"), InputError).reason == "HTTP 404 Not Found"
    assert only(read(f"{server}/image"), InputError).reason == "unsupported content type image/png"
    assert only(read(f"{server}/empty"), InputError).reason == "empty response"


def test_timeout(server):
    quick = Config(allow_private=True, fetch_timeout_s=0.3)
    assert (
        only(read(f"{server}/slow", config=quick), InputError).reason == "unreachable: no answer within 0.3 s"
    )


def test_a_server_trickling_bytes_meets_the_deadline_of_the_whole_fetch(server):
    quick = Config(allow_private=True, fetch_timeout_s=1.0)
    error = only(read(f"{server}/trickle", config=quick), InputError)
    assert error.reason == "unreachable: no answer within 1 s"


def test_a_header_too_long_is_refused(server):
    error = only(read(f"{server}/huge-header", config=ALLOW), InputError)
    assert error.reason.startswith("unreachable: RemoteProtocolError")


def test_unreachable():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    error = only(read(f"http://127.0.0.1:{port}/"), InputError)
    assert error.reason.startswith("unreachable: could not connect")


def test_unresolvable_host(monkeypatch):
    def fail(host, port):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(fetch, "resolve_host", fail)
    error = only(read("http://no-such-host.invalid/", config=Config()), InputError)
    assert (
        error.reason
        == "unreachable: host 'no-such-host.invalid' does not resolve (Name or service not known)"
    )
