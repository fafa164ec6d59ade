"""Forms of the Sinkronisasi admin page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    IntegerField,
    PasswordField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional, Regexp

from mpp_lite.forms import BaseForm, option

POLICY_CHOICES = [
    option("default", _l("Default: no NIK, phone, e-mail or address; names masked")),
    option("full", _l("Full: all declared fields (only with a legal basis)")),
]


class SiteForm(BaseForm):
    code = StringField(
        _l("Site code"),
        validators=[DataRequired(), Length(max=40), Regexp(r"^\S+$", message=_l("No spaces."))],
        description=_l("How the receiver knows this MPP, e.g. the regency's Kemendagri code 32.04."),
    )


class EndpointForm(BaseForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=60)])
    url = StringField(
        _l("Receiver address (URL)"), validators=[DataRequired(), URL(require_tld=False), Length(max=500)]
    )
    secret = PasswordField(
        _l("Shared secret"),
        validators=[Optional(), Length(min=16, max=255)],
        description=_l("At least 16 characters, the same as the receiver's. Leave empty to keep the current one."),
    )
    batch_size = IntegerField(_l("Records per batch"), default=100, validators=[DataRequired(), NumberRange(1, 1000)])
    enabled = BooleanField(_l("Enabled"), default=True)
    policy = RadioField(_l("Data policy"), choices=POLICY_CHOICES, default="default")
    legal_basis = TextAreaField(_l("Legal basis (required for the full policy)"), validators=[Length(max=2000)])
