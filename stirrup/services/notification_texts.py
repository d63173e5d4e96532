"""What each kind of notification says, in the reader's language, and the e-mails that carry one
notification or a day's digest: plain text and simple HTML from the same words
(``templates/emails/``), with a link to the page in Stirrup — never the data itself.

Every sentence is written from the notification's facts alone (services.notifications), so an
e-mail can say no more than they hold: the commune, dates, which side answered, and the household's
reference for its social worker and association only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from stirrup import i18n
from stirrup.config import TEMPLATES_DIR
from stirrup.i18n import gettext as _
from stirrup.models import Decision, NotificationKind, Party

#: The page of Stirrup where each user chooses their notifications.
PREFERENCES_PATH = "/account/notifications"

_environment = Environment(
    loader=FileSystemLoader(TEMPLATES_DIR / "emails"),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


@dataclass(frozen=True)
class Text:
    """One notification in words: a subject, a few sentences, and the page to open."""

    subject: str
    lines: tuple[str, ...]
    action: str
    path: str


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


@contextmanager
def speaking(locale: str) -> Iterator[None]:
    """Write in ``locale`` (French when it is not one Stirrup speaks) within the block."""
    token = i18n.current_locale.set(locale if locale in i18n.LOCALES else i18n.DEFAULT_LOCALE)
    try:
        yield
    finally:
        i18n.current_locale.reset(token)


def _day(value: str) -> str:
    return i18n.long_date(date.fromisoformat(value))


def _place(facts: dict[str, Any]) -> str:
    """Where, as the reader may be told: their own home, or a home and the household's reference."""
    if facts.get("owner"):
        return _("your home in %(commune)s") % facts
    if facts.get("reference"):
        return _("a home in %(commune)s for household %(reference)s") % facts
    return _("a home in %(commune)s") % facts


def _party(value: str) -> str:
    party = Party(value)
    if party is Party.LANDLORD:
        return _("the owner")
    if party is Party.SOCIAL_WORKER:
        return _("the household's social worker")
    return _("the association")


def _words(facts: dict[str, Any]) -> dict[str, str]:
    """The facts as they are written in sentences: places and dates in words."""
    words = {"place": _place(facts)}
    for name in ("start", "end", "expires_on", "date"):
        if facts.get(name):
            words[name] = _day(facts[name])
    if facts.get("party"):
        words["party"] = _party(facts["party"])
    return words


def _proposal(facts: dict[str, Any]) -> str:
    return f"/proposals/{facts['placement_id']}"


def _placement(facts: dict[str, Any]) -> str:
    """The placement's page for the reader: an owner's home page (its lent home's contact, alerts
    and extensions; the placement's paperwork for a notification written before the facts named
    the home), the follow-up page for the follow-up team and coordinators."""
    if facts.get("owner"):
        if facts.get("home_id"):
            return f"/homes/{facts['home_id']}"
        return f"/placements/{facts['placement_id']}/paperwork"
    return f"/placements/{facts['placement_id']}/follow-up"


def _proposal_to_answer(facts: dict[str, Any], w: dict[str, str]) -> Text:
    lines = [_("Stirrup proposes a placement in %(place)s, moving in on %(start)s.") % w]
    if "expires_on" in w:
        lines.append(_("Please accept or decline it by %(expires_on)s: after that date it expires.") % w)
    return Text(
        _("A new proposal waits for your answer"), tuple(lines), _("Answer the proposal"), _proposal(facts)
    )


def _proposal_reminder(facts: dict[str, Any], w: dict[str, str]) -> Text:
    lines = [
        _("The proposal of a placement in %(place)s, moving in on %(start)s, still waits for your answer.")
        % w
    ]
    if "expires_on" in w:
        lines.append(
            _(
                "It expires on %(expires_on)s; without an answer from every side, the home and the "
                "household are then free for another proposal."
            )
            % w
        )
    return Text(
        _("Reminder: a proposal still waits for your answer"),
        tuple(lines),
        _("Answer the proposal"),
        _proposal(facts),
    )


def _proposal_answered(facts: dict[str, Any], w: dict[str, str]) -> Text:
    if Decision(facts["decision"]) is Decision.DECLINED:
        subject = _("A proposal was declined by %(party)s") % w
        lines = (
            _("The proposal of a placement in %(place)s was declined by %(party)s.") % w,
            _("The proposal is closed: the home and the household are free for another proposal."),
        )
    else:
        subject = _("A proposal was accepted by %(party)s") % w
        follow = (
            _(
                "The move-in date now proposed is %(start)s: if it suits you, accept the proposal "
                "for this date."
            )
            if facts.get("new_date")
            else _("The placement goes ahead once all three sides have accepted it.")
        )
        lines = (_("The proposal of a placement in %(place)s was accepted by %(party)s.") % w, follow % w)
    return Text(subject, lines, _("See the proposal"), _proposal(facts))


def _placement_starting(facts: dict[str, Any], w: dict[str, str]) -> Text:
    line = _(
        "All three sides accepted the placement in %(place)s. It starts on %(start)s and is planned "
        "to end on %(end)s."
    )
    return Text(
        _("Placement agreed: moving in on %(start)s") % w,
        (line % w,),
        _("See the placement"),
        _placement(facts),
    )


def _ending_without_exit_plan(facts: dict[str, Any], w: dict[str, str]) -> Text:
    line = _("The placement in %(place)s ends on %(date)s and no exit plan is recorded yet.") % w
    return Text(
        _("A placement ends soon without an exit plan"), (line,), _("See the placement"), _placement(facts)
    )


def _no_recent_check_in(facts: dict[str, Any], w: dict[str, str]) -> Text:
    line = _(
        "No visit or check-in has been recorded for the placement in %(place)s: one was due by %(date)s."
    )
    return Text(_("A visit or check-in is due"), (line % w,), _("See the placement"), _placement(facts))


def _severe_incident(facts: dict[str, Any], w: dict[str, str]) -> Text:
    lines = (
        _("A severe incident is open at the placement in %(place)s (%(date)s).") % w,
        _("Sign in to Stirrup to see what you may know of it and whom to contact."),
    )
    return Text(_("An incident needs attention"), lines, _("See the placement"), _placement(facts))


def _insurance_lapsed(facts: dict[str, Any], w: dict[str, str]) -> Text:
    line = _("The home insurance of the placement in %(place)s has not been valid since %(date)s.") % w
    return Text(_("Home insurance has lapsed"), (line,), _("See the placement"), _placement(facts))


WRITERS: dict[NotificationKind, Callable[[dict[str, Any], dict[str, str]], Text]] = {
    NotificationKind.PROPOSAL_TO_ANSWER: _proposal_to_answer,
    NotificationKind.PROPOSAL_REMINDER: _proposal_reminder,
    NotificationKind.PROPOSAL_ANSWERED: _proposal_answered,
    NotificationKind.PLACEMENT_STARTING: _placement_starting,
    NotificationKind.ENDING_WITHOUT_EXIT_PLAN: _ending_without_exit_plan,
    NotificationKind.NO_RECENT_CHECK_IN: _no_recent_check_in,
    NotificationKind.SEVERE_INCIDENT: _severe_incident,
    NotificationKind.INSURANCE_LAPSED: _insurance_lapsed,
}


def text(kind: NotificationKind, facts: dict[str, Any]) -> Text:
    """The words of one notification, in the current language."""
    return WRITERS[kind](facts, _words(facts))


def single(kind: NotificationKind, facts: dict[str, Any], locale: str, public_url: str) -> Rendered:
    """The e-mail of one notification, in ``locale``."""
    with speaking(locale):
        words = text(kind, facts)
        return _render(words.subject, None, [_block(words, public_url, heading=False)], public_url)


def digest(
    items: Sequence[tuple[NotificationKind, dict[str, Any]]],
    day: date,
    locale: str,
    public_url: str,
    total: int | None = None,
) -> Rendered:
    """One e-mail grouping a user's notifications of ``day`` (``total`` of them, when only the
    first ``items`` are listed), in ``locale``."""
    total = len(items) if total is None else total
    with speaking(locale):
        subject = i18n.ngettext(
            "Stirrup: %(count)d notification of %(day)s", "Stirrup: %(count)d notifications of %(day)s", total
        ) % {"count": total, "day": i18n.long_date(day)}
        intro = _("Here is what happened in Stirrup since your last summary.")
        blocks = [_block(text(kind, facts), public_url, heading=True) for kind, facts in items]
        if total > len(items):
            more = total - len(items)
            intro += " " + i18n.ngettext(
                "%(count)d more is not listed here: sign in to Stirrup to see it.",
                "%(count)d more are not listed here: sign in to Stirrup to see them.",
                more,
            ) % {"count": more}
        return _render(subject, intro, blocks, public_url)


def _block(words: Text, public_url: str, *, heading: bool) -> dict[str, Any]:
    return {
        "heading": words.subject if heading else None,
        "lines": words.lines,
        "action": words.action,
        "url": public_url.rstrip("/") + words.path,
    }


def _render(subject: str, intro: str | None, blocks: list[dict[str, Any]], public_url: str) -> Rendered:
    context = {
        "locale": i18n.current_locale.get(),
        "subject": subject,
        "greeting": _("Hello,"),
        "intro": intro,
        "blocks": blocks,
        "footer": _(
            "This e-mail names no one and gives no personal details: sign in to Stirrup to see what "
            "you may see."
        ),
        "preferences_label": _("Choose which e-mails you receive"),
        "preferences_url": public_url.rstrip("/") + PREFERENCES_PATH,
    }
    return Rendered(
        subject,
        _environment.get_template("message.txt").render(context),
        _environment.get_template("message.html").render(context),
    )
