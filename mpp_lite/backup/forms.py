"""The backup settings form of the admin page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp

from mpp_lite.forms import BaseForm

NUMBER = _l("Enter a whole number from 0 to 365.")


class BackupSettingsForm(BaseForm):
    backup_keep_daily = IntegerField(
        _l("Daily backups to keep"), validators=[InputRequired(NUMBER), NumberRange(0, 365, NUMBER)]
    )
    backup_keep_weekly = IntegerField(
        _l("Weekly backups to keep"), validators=[InputRequired(NUMBER), NumberRange(0, 365, NUMBER)]
    )
    backup_keep_monthly = IntegerField(
        _l("Monthly backups to keep"), validators=[InputRequired(NUMBER), NumberRange(0, 365, NUMBER)]
    )
    backup_second_dir = StringField(
        _l("Second destination (USB drive or network share folder)"),
        validators=[Optional(), Length(max=400)],
    )
    backup_daily_at = StringField(
        _l("Daily backup time (HH:MM, empty for none)"),
        validators=[
            Optional(),
            Regexp(r"^([01]?\d|2[0-3]):[0-5]\d$", message=_l("Use the 24-hour form HH:MM, e.g. 12:30.")),
        ],
    )


class BackupNowForm(BaseForm):
    """Only the CSRF token: the button that takes a backup now."""
