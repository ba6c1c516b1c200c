"""Where a webhook may be sent (server-side request forgery), and the send itself.

Every address a URL's host resolves to must be public, IPv4 addresses carried
inside IPv6 ones included, and the send connects to one of those very
addresses. The whole send ends within WEBHOOK_TIMEOUT seconds.
"""

import http.client
import ipaddress
import socket
import threading
import time
import urllib.parse

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

UNSAFE_URL = "UNSAFE_WEBHOOK_URL"


def timeout() -> float:
    return float(getattr(settings, "WEBHOOK_TIMEOUT", 10))


class UnsafeDestination(Exception):
    pass


def allows_private_addresses() -> bool:
    return getattr(settings, "WEBHOOK_ALLOW_PRIVATE_ADDRESSES", False)


def safe_addresses(url: str) -> list[str]:
    """Resolve the URL's host; raise UnsafeDestination for a non-public address.

    Every address the name resolves to is checked, and the send connects to
    one of those very addresses, so a name cannot resolve once to a public
    address for the check and then to a private one for the request.
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeDestination(_("Only http and https URLs can receive webhooks."))
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise UnsafeDestination(_("The host name does not resolve.")) from exc
    addresses = [info[4][0] for info in infos]
    if allows_private_addresses():
        return addresses
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not all(
            one.is_global and not one.is_multicast for one in (ip, *embedded_ipv4(ip))
        ):
            raise UnsafeDestination(
                _(
                    "This URL leads to a loopback, private or link-local address: "
                    "webhooks are sent to public addresses only."
                )
            )
    return addresses


# IPv6 forms that carry an IPv4 address a host or a gateway may route to:
# IPv4-compatible (::a.b.c.d), SIIT (::ffff:0:a.b.c.d) and NAT64's well-known
# prefix (64:ff9b::a.b.c.d) keep it in the last 32 bits; 6to4 (2002::/16) after
# the prefix. NAT64's local-use prefix places it anywhere: refused outright.
_LAST_32_BITS = [
    ipaddress.ip_network("::/96"),
    ipaddress.ip_network("::ffff:0:0:0/96"),
    ipaddress.ip_network("64:ff9b::/96"),
]
_LOCAL_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")


def embedded_ipv4(ip) -> list:
    """The IPv4 addresses an IPv6 address leads to, to be checked as well."""
    if ip.version == 4:
        return []
    found = [ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())]
    found += [
        ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        for network in _LAST_32_BITS
        if ip in network
    ]
    if ip in _LOCAL_NAT64:
        found.append(ipaddress.IPv4Address("127.0.0.1"))  # refused below
    return [address for address in found if address is not None]


def validate_url(url: str):
    """Refuse, with a code, a URL a webhook may not be sent to (the admin form)."""
    try:
        safe_addresses(url)
    except UnsafeDestination as exc:
        raise ValidationError(str(exc), code=UNSAFE_URL) from exc


class Deadline:
    """One time limit for a whole send: connect, TLS, request, headers and body.

    A socket time-out bounds each read only: a receiver trickling a byte at a
    time would hold a send for ever. When the time is up, the watchdog shuts
    the socket down, which ends whatever read or write is waiting on it.
    """

    def __init__(self, seconds):
        self.ends = time.monotonic() + seconds
        self.expired = False
        self._sock = None
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def left(self) -> float:
        return max(0.001, self.ends - time.monotonic())

    def watch(self, sock):
        self._sock = sock
        if self.expired:
            self._expire()

    def _expire(self):
        self.expired = True
        if self._sock is not None:
            try:
                # the plain socket's shutdown, also under TLS: it wakes the reader
                socket.socket.shutdown(self._sock, socket.SHUT_RDWR)
            except OSError:
                pass

    def cancel(self):
        self._timer.cancel()


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, address, deadline):
        super().__init__(host, port, timeout=deadline.left())
        self.pinned, self.deadline = address, deadline

    def connect(self):
        self.sock = socket.create_connection(
            (self.pinned, self.port), self.deadline.left()
        )
        self.deadline.watch(self.sock)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, address, deadline):
        super().__init__(host, port, timeout=deadline.left())
        self.pinned, self.deadline = address, deadline

    def connect(self):
        sock = socket.create_connection((self.pinned, self.port), self.deadline.left())
        self.deadline.watch(sock)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, body: bytes, headers: dict) -> int:
    """POST to a checked address, no redirect followed; return the HTTP status.

    The whole exchange ends within WEBHOOK_TIMEOUT seconds, or raises TimeoutError.
    """
    address = safe_addresses(url)[0]
    parts = urllib.parse.urlsplit(url)
    https = parts.scheme == "https"
    port = parts.port or (443 if https else 80)
    kind = _PinnedHTTPSConnection if https else _PinnedHTTPConnection
    deadline = Deadline(timeout())
    connection = kind(parts.hostname, port, address, deadline)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(64 * 1024)  # the answer's body is not used
        if deadline.expired:
            raise TimeoutError
        return response.status
    except (OSError, http.client.HTTPException):
        if deadline.expired:
            raise TimeoutError from None
        raise
    finally:
        deadline.cancel()
        connection.close()
