"""Flask extensions, created unbound; `create_app` binds them with `init_app`."""

from functools import partial, wraps

from flask import Blueprint, g
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from mpp_lite.database import Base


class ViewLimiter(Limiter):
    """Flask-Limiter where only the requests to a view with a limit pay for it.

    The kit sets limits with `@limiter.limit(...)` on a few public forms (sign-in, pairing,
    complaints, surveys), which check their limits themselves when the view is called, and has
    no default or application-wide limit. Flask-Limiter's steps around every request are there
    for those: the check before it (here it found nothing to check, at a quarter of the cost of a
    request that does nothing but `SELECT 1`), the rate-limit headers after it and the release of
    its per-request state. So, while no limit applies everywhere, the check before is not
    installed, and the steps after run only for a request whose view has a limit (a limit on a
    whole blueprint would need them all: give it to the views).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limits_everywhere = bool(kwargs.get("default_limits") or kwargs.get("application_limits"))

    def init_app(self, app):
        super().init_app(app)
        if self.limits_everywhere:
            return
        checks = app.before_request_funcs.get(None, [])
        checks[:] = [check for check in checks if not self._owns(check)]
        after = app.after_request_funcs.get(None, [])
        after[:] = [_after_limited_views(step) if self._owns(step) else step for step in after]
        teardown = app.teardown_request_funcs.get(None, [])
        teardown[:] = [_teardown_limited_views(step) if self._owns(step) else step for step in teardown]

    def _owns(self, step) -> bool:
        """A request step this limiter registered: its bound method, or a partial given it."""
        bound_to = getattr(step, "__self__", None)
        if isinstance(step, partial):
            bound_to = step.args[0] if step.args else None
        return bound_to is self

    def limit(self, *args, **kwargs):
        """`Limiter.limit`, whose views also note that their request had a limit to check."""
        decorate = super().limit(*args, **kwargs)

        def decorator(view):
            if isinstance(view, Blueprint):
                raise TypeError(
                    "limit views, not a blueprint: a blueprint's limit needs the check before every request"
                )
            limited = decorate(view)

            @wraps(limited)
            def noting(*view_args, **view_kwargs):
                g.rate_limit_checked = True  # before the check: a refused request gets its headers too
                return limited(*view_args, **view_kwargs)

            return noting

        return decorator


def _after_limited_views(step):
    def after(response):
        return step(response) if g.get("rate_limit_checked") else response

    return after


def _teardown_limited_views(step):
    def teardown(error=None):
        if g.pop("rate_limit_checked", False):
            step(error)

    return teardown


db = SQLAlchemy(model_class=Base)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = ViewLimiter(key_func=get_remote_address, default_limits=[], storage_uri="memory://")
