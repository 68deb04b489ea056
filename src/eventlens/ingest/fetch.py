"""Fetching a URL: http(s) only, size-capped, and never into a private network by accident.

eventlens may run as a web service, where a URL comes from someone else; so a host is refused
when ANY address it resolves to is private, loopback, link-local, reserved, multicast or
otherwise not global, unless ``Config.allow_private``. Redirects are followed by hand (at most
``MAX_REDIRECTS``) so each new host is checked again, and the address actually connected to is
checked once more before the body is read, which closes the gap of a name that resolves to
a public address for the check and to a private one for the connection. Environment proxy
settings are ignored: through a proxy, neither check would see the real destination.

``Config.fetch_timeout_s`` is a deadline for the whole fetch (redirects and body included), not
only for each read: a server that trickles bytes cannot hold a run. Each wait for the server is
bounded by the time left, and the deadline is checked again as every piece of the body arrives.
The status line and headers together are bounded by httpcore (100 KB), chunk-size lines by h11.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from eventlens import __version__
from eventlens.config import Config
from eventlens.errors import InputError
from eventlens.ingest.decoding import too_large

MAX_REDIRECTS = 5
USER_AGENT = f"eventlens/{__version__} (conflict-report ingest)"
_ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/plain;q=0.9,*/*;q=0.5"
)
_REDIRECTS = (301, 302, 303, 307, 308)


@dataclass(frozen=True)
class FetchedPage:
    """A response body with what is needed to read it."""

    url: str  # after redirects
    content_type: str  # media type, lower-case, without parameters
    charset: str | None
    body: bytes


def address_refusal(address: str) -> str | None:
    """Why an IP address may not be fetched without --allow-private ("loopback", ...), or None."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for kind, flag in (
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("unspecified", ip.is_unspecified),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private),
        ("non-public", not ip.is_global),
    ):
        if flag:
            return kind
    return None


def resolve_host(host: str, port: int) -> list[str]:
    """Every address a host name resolves to (an IP literal resolves to itself)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def _refusal_message(address: str, kind: str) -> str:
    detail = "" if kind == "private" else f" ({kind})"
    return f"resolves to a private address {address}{detail}; pass --allow-private to fetch it"


def _check_host(source: str, url: str) -> None:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        addresses = resolve_host(parts.hostname or "", port)
    except (socket.gaierror, UnicodeError) as exc:
        raise InputError(
            source, f"unreachable: host {parts.hostname!r} does not resolve ({exc.args[-1]})"
        ) from None
    for address in addresses:
        kind = address_refusal(address)
        if kind:
            raise InputError(source, _refusal_message(address, kind))


def _check_url(source: str, url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise InputError(source, f"unsupported URL scheme {parts.scheme!r}; only http and https are fetched")
    if not parts.hostname:
        raise InputError(source, "URL has no host")


def fetch_url(url: str, config: Config) -> FetchedPage:
    """GET a URL under the rules of the module docstring; InputError says why it failed."""
    source = url
    _check_url(source, url)
    limit = config.max_input_bytes
    timeout = config.fetch_timeout_s
    deadline = time.monotonic() + timeout
    headers = {"User-Agent": USER_AGENT, "Accept": _ACCEPT}
    late = InputError(source, f"unreachable: no answer within {timeout:g} s")

    def time_left() -> float:
        left = deadline - time.monotonic()
        if left <= 0:
            raise late
        return left

    try:
        with httpx.Client(follow_redirects=False, trust_env=False, headers=headers) as client:
            for _ in range(MAX_REDIRECTS + 1):
                if not config.allow_private:
                    _check_host(source, url)
                with client.stream("GET", url, timeout=time_left()) as response:
                    if not config.allow_private:
                        _check_peer(source, response)
                    if response.status_code in _REDIRECTS and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        _check_url(source, url)
                        continue
                    if response.status_code >= 400:
                        phrase = response.reason_phrase or ""
                        raise InputError(source, f"HTTP {response.status_code} {phrase}".rstrip())
                    declared = response.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > limit:
                        raise too_large(source, limit)
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body += chunk
                        if len(body) > limit:
                            raise too_large(source, limit)
                        time_left()
                    media_type, _, params = response.headers.get("content-type", "").partition(";")
                    return FetchedPage(
                        str(response.url), media_type.strip().lower(), _charset(params), bytes(body)
                    )
            raise InputError(source, f"too many redirects (more than {MAX_REDIRECTS})")
    except httpx.TimeoutException:
        raise late from None
    except httpx.ConnectError as exc:
        raise InputError(source, f"unreachable: could not connect ({_short(exc)})") from None
    except httpx.HTTPError as exc:
        raise InputError(source, f"unreachable: {type(exc).__name__} ({_short(exc)})") from None


def _check_peer(source: str, response: httpx.Response) -> None:
    stream = response.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    if peer:
        kind = address_refusal(peer[0])
        if kind:
            raise InputError(source, _refusal_message(peer[0], kind))


def _charset(params: str) -> str | None:
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _short(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."
