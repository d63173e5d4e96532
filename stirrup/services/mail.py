"""E-mail through SMTP: the message of an outbox row, and a connection that sends many of them.

TLS is STARTTLS (port 587), implicit TLS (port 465) or none (a relay on the same host; credentials
are then refused by the settings). Certificates are verified, against ``STIRRUP_SMTP_CA_FILE``
when it is set, else the system's authorities. A failure is *temporary* (try again later: the
server is away, busy or answers 4xx, or our credentials were refused) or *permanent* (the server
refused this message for good: 5xx).
"""

from __future__ import annotations

import contextlib
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from types import TracebackType

from stirrup import clock
from stirrup.config import Settings
from stirrup.models import Email


class DeliveryError(Exception):
    """The message did not go; ``temporary`` says whether trying again later may help."""

    def __init__(self, message: str, *, temporary: bool) -> None:
        super().__init__(message)
        self.message, self.temporary = message[:500], temporary


def new_message_id(settings: Settings) -> str:
    """A Message-ID for a new e-mail, kept for every attempt at sending it."""
    domain = parseaddr(settings.smtp_from)[1].rpartition("@")[2] or "stirrup.invalid"
    return make_msgid("stirrup", domain=domain)


def build(email: Email, settings: Settings) -> EmailMessage:
    """The MIME message of an outbox row: plain text with an HTML alternative."""
    message = EmailMessage()
    message["Subject"] = email.subject
    message["From"] = settings.smtp_from
    message["To"] = email.to_address
    message["Date"] = format_datetime(clock.now())
    message["Message-ID"] = email.message_id
    # Tells mail servers not to answer it with out-of-office replies.
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(email.body_text)
    message.add_alternative(email.body_html, subtype="html")
    message["Content-Language"] = email.locale  # after the content, which clears Content-* headers
    return message


class Mailer:
    """One SMTP connection, opened at the first message and reused until closed or broken."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Mailer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def send(self, message: EmailMessage) -> None:
        """Hand ``message`` to the SMTP server, or raise :class:`DeliveryError`."""
        try:
            if self._smtp is None:
                self._smtp = _connect(self._settings)
            self._smtp.send_message(message)
        except (smtplib.SMTPException, OSError) as error:
            self._drop()
            raise _classify(error) from error

    def close(self) -> None:
        if self._smtp is not None:
            # The server may have gone away first: then nothing is left to close properly.
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._smtp.quit()
            self._smtp = None

    def _drop(self) -> None:
        if self._smtp is not None:
            self._smtp.close()
            self._smtp = None


def _connect(settings: Settings) -> smtplib.SMTP:
    assert settings.smtp_host
    host, port, timeout = settings.smtp_host, settings.smtp_port, settings.smtp_timeout_s
    context = None
    if settings.smtp_tls != "none":
        context = ssl.create_default_context(cafile=settings.smtp_ca_file)
    smtp: smtplib.SMTP
    if settings.smtp_tls == "tls":
        smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    try:
        if settings.smtp_tls == "starttls":
            smtp.starttls(context=context)
        if settings.smtp_username is not None and settings.smtp_password is not None:
            smtp.login(settings.smtp_username, settings.smtp_password.get_secret_value())
    except BaseException:
        smtp.close()
        raise
    return smtp


def _classify(error: Exception) -> DeliveryError:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        text = "; ".join(f"{code} {_text(answer)}" for code, answer in error.recipients.values())
        return DeliveryError(f"recipient refused: {text}", temporary=all(400 <= c < 500 for c in codes))
    if isinstance(error, smtplib.SMTPAuthenticationError):
        # Our credentials, not this message: every message waits until they are fixed.
        return DeliveryError(
            f"SMTP sign-in refused: {error.smtp_code} {_text(error.smtp_error)}", temporary=True
        )
    if isinstance(error, smtplib.SMTPResponseException):
        code = error.smtp_code
        return DeliveryError(f"{code} {_text(error.smtp_error)}", temporary=not 500 <= code < 600)
    return DeliveryError(f"{type(error).__name__}: {error}", temporary=True)


def _text(answer: bytes | str) -> str:
    return answer.decode("utf-8", "replace") if isinstance(answer, bytes) else answer
