"""Staff login and logout."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from mpp_lite.audit.services import record
from mpp_lite.auth.forms import LoginForm
from mpp_lite.auth.permissions import public
from mpp_lite.auth.services import (
    SESSION_KEY,
    authenticate,
    end_session,
    failed_sign_in_actor,
    start_session,
)
from mpp_lite.database import in_transaction
from mpp_lite.extensions import limiter
from mpp_lite.security import is_safe_redirect

bp = Blueprint("auth", __name__)


def home_for(user) -> str:
    if user.role == "operator":
        return "/counter"
    if user.role == "supervisor":
        return "/dashboard"
    return url_for("admin.index")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("20 per minute; 100 per hour", methods=["POST"])
@public
def login():
    if current_user.is_authenticated and request.method == "GET":
        return redirect(home_for(current_user))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():

        def work():
            user, problem = authenticate(form.username.data, form.password.data)
            if user is None:
                record(failed_sign_in_actor(form.username.data), "login_failed", "user")
                return None, problem, None
            record(user, "login", "user", user.id)
            return user, problem, start_session(user)

        user, problem, token = in_transaction(work)
        if user is None:
            flash(problem, "danger")
            status = 401
        else:
            session.clear()
            session[SESSION_KEY] = token  # before login_user, which loads it back
            login_user(user)
            target = request.args.get("next")
            return redirect(target if is_safe_redirect(target) else home_for(user))
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@public
def logout():
    if current_user.is_authenticated:
        user = current_user._get_current_object()
        token = session.get(SESSION_KEY)

        def work():
            record(user, "logout", "user", user.id)
            end_session(token)  # a copy of this cookie stops working too

        in_transaction(work)
    logout_user()
    session.clear()
    flash(_("You have been signed out."), "info")
    return redirect(url_for("auth.login"))
