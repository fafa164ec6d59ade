"""Language choice: Indonesian by default, English on request (switch stored in a cookie)."""

from __future__ import annotations

from flask import Blueprint, current_app, has_request_context, redirect, request
from flask_babel import get_locale

from mpp_lite.auth.permissions import public
from mpp_lite.security import is_safe_redirect

bp = Blueprint("i18n", __name__)
LANG_COOKIE = "mpp_lang"


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI and background work speak the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = request.args.get("lang") or request.cookies.get(LANG_COOKIE)
    if chosen in languages:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    return str(get_locale() or "id")


@bp.get("/bahasa/<lang>")
@public
def switch_language(lang: str):
    target = request.args.get("next")
    response = redirect(target if is_safe_redirect(target) else "/")
    if lang in current_app.config["LANGUAGES"]:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response
