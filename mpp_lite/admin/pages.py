"""The skeleton every admin create/edit page shares, in one place.

A valid POST runs `save` in one transaction (it calls the service and records the audit event);
a refusal from the service (FieldError) is shown on its field with 422 and nothing is stored; a
form that does not validate answers 400 with what was typed kept; otherwise a flash message and a
redirect. `done(result)` gives (message, url) once saved, so messages can name what was saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, render_template, request

from mpp_lite.admin.forms import show_error
from mpp_lite.database import in_transaction
from mpp_lite.errors import FieldError
from mpp_lite.forms import BaseForm


def form_page(
    form: BaseForm,
    save: Callable[[], Any],
    done: Callable[[Any], tuple[str, str]],
    template: str,
    before: Callable[[], None] | None = None,
    **context,
):
    """Render `template` with `form`, or save and redirect (see the module docstring).

    `before` runs once on a valid POST before the transaction (e.g. writing an uploaded file, which
    a retried transaction must not write twice); a FieldError from it is shown like one from `save`."""
    status = 200
    if form.validate_on_submit():
        try:
            if before is not None:
                before()
            result = in_transaction(save)
        except FieldError as error:
            show_error(form, error)
            status = 422
        else:
            message, target = done(result)
            flash(message, "success")
            return redirect(target)
    elif request.method == "POST":
        status = 400
    return render_template(template, form=form, **context), status
