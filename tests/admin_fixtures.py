"""Helpers for the admin tests: signing in with a real CSRF token as a browser does."""

from __future__ import annotations

import re


def csrf_token(page: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or re.search(
        r'<meta name="csrf-token" content="([^"]+)"', page
    )
    assert match, "no CSRF token on the page"
    return match.group(1)


def sign_in_with_csrf(client, username: str, password: str = "correct horse battery"):
    """Sign in as a browser would when CSRF protection is on: token from the login page."""
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"username": username, "password": password, "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client
