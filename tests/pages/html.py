"""Reading pages as a user would: the visible text, a field's value and the error beside it."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag
from httpx import Response


def soup(response: Response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def text(response: Response) -> str:
    """The page's visible text, whitespace folded (no markup, scripts or hidden inputs)."""
    return " ".join(soup(response).get_text(" ").split())


def csrf(response: Response) -> str:
    field = soup(response).find("input", attrs={"name": "csrf_token"})
    assert isinstance(field, Tag), "the page has no form with a CSRF token"
    return str(field["value"])


def field(response: Response, name: str) -> Tag:
    found = soup(response).find(attrs={"name": name, "id": True}) or soup(response).find(attrs={"name": name})
    assert isinstance(found, Tag), f"no field {name}"
    return found


def error_of(response: Response, name: str) -> str | None:
    """The message shown beside field ``name``, checking that the field points to it."""
    page = soup(response)
    key = name.replace(".", "-")
    message = page.find(id=f"e-{key}")
    if message is None:
        return None
    target = page.find(id=f"f-{key}")
    assert isinstance(target, Tag), f"an error for {name} but no field f-{key}"
    assert f"e-{key}" in str(target.get("aria-describedby", "")), f"{name}'s error is not tied to it"
    assert target.get("aria-invalid") == "true"
    return " ".join(message.get_text(" ").split())


def links(response: Response) -> list[str]:
    return [str(a["href"]) for a in soup(response).find_all("a", href=True)]


def hidden_values(response: Response) -> dict[str, list[str]]:
    """The values a form posts back: every named input, select and textarea (ticked boxes only)."""
    values: dict[str, list[str]] = {}
    for tag in soup(response).find_all(["input", "select", "textarea"]):
        name = tag.get("name")
        if not name or tag.get("type") in ("submit",):
            continue
        if tag.get("type") in ("checkbox", "radio") and not tag.has_attr("checked"):
            continue
        if tag.name == "select":
            chosen = tag.find("option", selected=True)
            value = chosen["value"] if chosen else ""
        elif tag.name == "textarea":
            value = tag.get_text()
        else:
            value = tag.get("value", "")
        values.setdefault(str(name), []).append(str(value))
    return values


def squash(words: str) -> str:
    """Text with every kind of space made one plain space (French amounts use no-break spaces)."""
    return re.sub(r"\s+", " ", words.replace("\u202f", " ").replace("\xa0", " "))
