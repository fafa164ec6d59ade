"""Menu entries that features add: the public navbar, the staff navbar, the administration pages."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from werkzeug.routing import BuildError


@dataclass(frozen=True)
class MenuItem:
    endpoint: str
    label: object  # a lazy string, translated when shown
    description: object = ""
    order: int = 50
    roles: tuple[str, ...] = ()  # staff menu: who sees it (admin always)


PUBLIC_MENU: list[MenuItem] = []
STAFF_MENU: list[MenuItem] = []
ADMIN_MENU: list[MenuItem] = []


def add_public(endpoint: str, label, order: int = 50) -> None:
    if all(item.endpoint != endpoint for item in PUBLIC_MENU):
        PUBLIC_MENU.append(MenuItem(endpoint, label, "", order))


def add_staff(endpoint: str, label, roles: tuple[str, ...], order: int = 50) -> None:
    """A navbar link for signed-in staff of the given roles (admins see every one)."""
    if all(item.endpoint != endpoint for item in STAFF_MENU):
        STAFF_MENU.append(MenuItem(endpoint, label, "", order, tuple(roles)))


def for_role(items: list[MenuItem], role: str | None) -> list[MenuItem]:
    return [item for item in items if role == "admin" or role in item.roles]


def add_admin(endpoint: str, label, description="", order: int = 50) -> None:
    if all(item.endpoint != endpoint for item in ADMIN_MENU):
        ADMIN_MENU.append(MenuItem(endpoint, label, description, order))


def build(items: list[MenuItem]) -> list[dict]:
    built = []
    for item in sorted(items, key=lambda i: i.order):
        try:
            built.append(
                {"url": url_for(item.endpoint), "label": str(item.label), "description": str(item.description)}
            )
        except BuildError:
            continue  # the feature is not registered in this app
    return built
