"""Flask extensions, created unbound; `create_app` binds them with `init_app`."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from mpp_lite.database import Base


class ViewLimiter(Limiter):
    """Flask-Limiter where only the views given a limit pay for it.

    The kit sets limits with `@limiter.limit(...)` on a few public forms (sign-in, pairing,
    complaints, surveys), which check their limits themselves when the view is called, and has
    no default or application-wide limit. Flask-Limiter's check before every request is there
    for those: here it found nothing to check, at a quarter of the cost of a request that does
    nothing but `SELECT 1` (the server's profile). So, while no limit applies everywhere, that
    check is not installed (a limit on a whole blueprint would need it: give it to the views).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limits_everywhere = bool(kwargs.get("default_limits") or kwargs.get("application_limits"))

    def init_app(self, app):
        super().init_app(app)
        if not self.limits_everywhere:
            checks = app.before_request_funcs.get(None, [])
            checks[:] = [check for check in checks if getattr(check, "__self__", None) is not self]


db = SQLAlchemy(model_class=Base)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = ViewLimiter(key_func=get_remote_address, default_limits=[], storage_uri="memory://")
