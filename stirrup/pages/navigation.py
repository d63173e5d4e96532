"""The site's main navigation: which links each role sees, in one list.

A new page adds its link here (``Link(path, N_("label"), roles)``); the base layout shows the
links of the signed-in user's role and marks the current one.
"""

from __future__ import annotations

from dataclasses import dataclass

from stirrup.i18n import N_, gettext
from stirrup.models import Role
from stirrup.services.access import Principal

EVERYONE = frozenset(Role)
OVERSEERS = frozenset({Role.COORDINATOR, Role.ADMIN})


@dataclass(frozen=True)
class Link:
    path: str
    label: str
    roles: frozenset[Role]


LINKS: list[Link] = [
    Link("/", N_("Overview"), EVERYONE),
    Link("/homes", N_("My homes"), frozenset({Role.LANDLORD})),
    Link("/homes", N_("Homes"), OVERSEERS),
    Link("/households", N_("My households"), frozenset({Role.SOCIAL_WORKER})),
    Link("/households", N_("Households"), OVERSEERS),
    Link("/association", N_("Our association"), frozenset({Role.ASSOCIATION_STAFF})),
    Link("/map", N_("Map and figures"), OVERSEERS),
    Link("/estimate", N_("What lending is worth"), frozenset({Role.LANDLORD})),
    Link("/admin/users", N_("Users"), frozenset({Role.ADMIN})),
    Link("/admin/organisations", N_("Organisations"), frozenset({Role.ADMIN})),
]


@dataclass(frozen=True)
class NavItem:
    path: str
    label: str
    current: bool


def links_for(principal: Principal | None, path: str) -> list[NavItem]:
    """The links of the principal's role, the one leading to ``path`` marked current."""
    if principal is None:
        return []
    mine = [link for link in LINKS if principal.role in link.roles]
    # The longest matching prefix is current: /homes/3/edit is under "My homes" ("/" only itself).
    matching = [link.path for link in mine if path == link.path or path.startswith(link.path + "/")]
    current = max(matching, key=len, default=None)
    return [NavItem(link.path, gettext(link.label), link.path == current) for link in mine]
