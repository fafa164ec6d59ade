"""Admin pages for staff accounts: create, edit role and tenant, deactivate, reset password, unlock."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from mpp_lite.admin import bp
from mpp_lite.admin import services as admin_services
from mpp_lite.admin.forms import (
    ConfirmForm,
    PasswordResetForm,
    UserCreateForm,
    UserEditForm,
)
from mpp_lite.admin.pages import form_page
from mpp_lite.audit.services import record
from mpp_lite.auth.models import User
from mpp_lite.auth.permissions import current_actor, require
from mpp_lite.catalogue.forms import tenant_choices
from mpp_lite.database import in_transaction, utcnow
from mpp_lite.errors import FieldError
from mpp_lite.extensions import db
from mpp_lite.site.menus import add_admin

add_admin("admin.users", _l("Users"), _l("Staff accounts, roles, passwords and locked accounts."), 50)


def _user(user_id: int) -> User:
    return db.session.get(User, user_id) or abort(404)


@bp.get("/pengguna")
@require("admin")
def users():
    rows = db.session.scalars(db.select(User).order_by(User.role, User.username)).all()
    return render_template("admin/users.html", users=rows, confirm=ConfirmForm(), now=utcnow())


@bp.route("/pengguna/baru", methods=["GET", "POST"])
@require("admin")
def user_new():
    form = UserCreateForm()
    form.tenant_id.choices = tenant_choices(blank=_("No tenant"))

    def save():
        values = {name: form[name].data for name in ("username", "full_name", "role", "tenant_id", "password")}
        user = admin_services.create_account(values)
        record(current_actor(), "user_created", "user", user.id, role=user.role)
        return user

    return form_page(
        form,
        save,
        lambda user: (
            _("Account %(name)s created. Give the password to its owner in person.", name=user.username),
            url_for("admin.users"),
        ),
        "admin/user_form.html",
        user=None,
    )


@bp.route("/pengguna/<int:user_id>", methods=["GET", "POST"])
@require("admin")
def user_edit(user_id: int):
    user = _user(user_id)
    form = UserEditForm(obj=user if request.method == "GET" else None)
    form.tenant_id.choices = tenant_choices(blank=_("No tenant"))

    def save():
        values = {name: form[name].data for name in ("full_name", "role", "tenant_id", "active")}
        admin_services.update_account(user, values, current_actor().id)
        record(current_actor(), "user_updated", "user", user.id, role=user.role, active=user.active)

    return form_page(
        form,
        save,
        lambda _r: (_("Account %(name)s saved.", name=user.username), url_for("admin.users")),
        "admin/user_form.html",
        user=user,
    )


@bp.route("/pengguna/<int:user_id>/sandi", methods=["GET", "POST"])
@require("admin")
def user_password(user_id: int):
    user = _user(user_id)
    form = PasswordResetForm()

    def save():
        admin_services.reset_password(user, form.password.data)
        record(current_actor(), "user_password_reset", "user", user.id)

    return form_page(
        form,
        save,
        lambda _r: (
            _("New password set for %(name)s. Give it to its owner in person.", name=user.username),
            url_for("admin.users"),
        ),
        "admin/user_password.html",
        user=user,
    )


@bp.post("/pengguna/<int:user_id>/buka-kunci")
@require("admin")
def user_unlock(user_id: int):
    user = _user(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)

    def work():
        admin_services.unlock_account(user)
        record(current_actor(), "user_unlocked", "user", user.id)

    in_transaction(work)
    flash(_("%(name)s can sign in again.", name=user.username), "success")
    return redirect(url_for("admin.users"))


@bp.post("/pengguna/<int:user_id>/aktif")
@require("admin")
def user_active(user_id: int):
    user = _user(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    active = request.form.get("active") == "1"

    def work():
        admin_services.set_account_active(user, active, current_actor().id)
        record(current_actor(), "user_activated" if active else "user_deactivated", "user", user.id)

    try:
        in_transaction(work)
    except FieldError as error:
        flash(str(error), "danger")
        return redirect(url_for("admin.users"))
    if active:
        flash(_("%(name)s may sign in again.", name=user.username), "success")
    else:
        flash(_("%(name)s is deactivated and can no longer sign in.", name=user.username), "info")
    return redirect(url_for("admin.users"))
