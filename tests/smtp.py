"""A real SMTP server for the tests (aiosmtpd in a thread, on a free local port): plain, STARTTLS
or implicit TLS with a certificate made for the test (trustme), optionally requiring a password,
refusing a few messages before accepting the rest, and slow on demand."""

from __future__ import annotations

import asyncio
import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USERNAME, PASSWORD = "stirrup", "smtp-secret-for-tests"


@dataclass
class Mailbox:
    """What the server received; ``refusals`` are answered to the first messages instead of 250."""

    refusals: list[str] = field(default_factory=list)
    delay_s: float = 0.0
    messages: list[EmailMessage] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        with self.lock:
            if self.refusals:
                return self.refusals.pop(0)
            received = message_from_bytes(envelope.content, policy=policy.default)
            self.messages.append(received)  # type: ignore[arg-type]
        return "250 OK"

    def message_ids(self) -> list[str]:
        with self.lock:
            return [str(message["Message-ID"]) for message in self.messages]


@dataclass(frozen=True)
class Server:
    port: int
    ca_file: Path | None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        USERNAME.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535 itself


@contextmanager
def smtp_server(mailbox: Mailbox, tmp_path: Path, tls: str = "none", auth: bool = False) -> Iterator[Server]:
    """Serve ``mailbox`` on 127.0.0.1 for the block; ``tls`` is none, starttls or tls (implicit)."""
    port, ca_file, options = _free_port(), None, {}
    if tls != "none":
        authority = trustme.CA()
        server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        authority.issue_cert("127.0.0.1", "localhost").configure_cert(server_context)
        ca_file = tmp_path / "smtp-test-ca.pem"
        authority.cert_pem.write_to_path(str(ca_file))
        if tls == "tls":  # TLS from the first byte, which aiosmtpd's check of STARTTLS does not see
            options.update(ssl_context=server_context, auth_require_tls=False)
        else:
            options.update(tls_context=server_context, require_starttls=True)
    if auth:
        options.update(authenticator=_authenticate, auth_required=True)
    controller = Controller(mailbox, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield Server(port, ca_file)
    finally:
        controller.stop()
