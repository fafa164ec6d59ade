"""Forms of the privacy admin page: retention days, purge now, export one person's data."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, StringField
from wtforms.validators import InputRequired, NumberRange, Regexp

from mpp_lite.forms import BaseForm
from mpp_lite.privacy.services import RETENTION_RULES

DAYS = _l("Enter a number of days from 1 to 36500.")


class RetentionForm(BaseForm):
    daily_purge = BooleanField(_l("Anonymise automatically every day (with the daily backup)"))


for _rule in RETENTION_RULES:
    setattr(
        RetentionForm,
        _rule.key,
        IntegerField(
            _rule.label, description=_rule.description, validators=[InputRequired(DAYS), NumberRange(1, 36500, DAYS)]
        ),
    )


class PurgeForm(BaseForm):
    """Only the CSRF token: the button that anonymises now."""


class ExportForm(BaseForm):
    nik = StringField(
        _l("NIK (16 digits)"),
        validators=[
            InputRequired(_l("Enter the NIK.")),
            Regexp(r"^\s*\d{16}\s*$", message=_l("A NIK is exactly 16 digits.")),
        ],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
