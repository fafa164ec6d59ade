"""Complaint forms: the citizen's (kiosk/phone) and the desk's (adds the channel)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from mpp_lite.complaints.models import ComplaintStatus
from mpp_lite.forms import BaseForm, option

# The report types of SP4N-LAPOR!: pengaduan, aspirasi, permintaan informasi.
KIND_LABELS = {
    "complaint": _l("Complaint"),
    "suggestion": _l("Suggestion or aspiration"),
    "information": _l("Request for information"),
}
CHANNEL_LABELS = {
    "kiosk": _l("Kiosk"),
    "web": _l("Web/phone browser"),
    "desk": _l("At the desk"),
    "phone": _l("Telephone"),
    "letter": _l("Letter"),
    "email": _l("E-mail"),
    "social_media": _l("Social media"),
}
STATUS_LABELS = {
    ComplaintStatus.NEW: _l("New"),
    ComplaintStatus.IN_PROGRESS: _l("In progress"),
    ComplaintStatus.ANSWERED: _l("Answered"),
    ComplaintStatus.CLOSED: _l("Closed"),
    ComplaintStatus.FORWARDED: _l("Forwarded to SP4N-LAPOR!"),
}
DEADLINE_LABELS = {"response": _l("response deadline passed"), "resolution": _l("60-day resolution deadline passed")}


def _optional_int(value):
    try:
        return int(value) if value not in (None, "", "0") else None
    except (TypeError, ValueError):
        return None


class ComplaintForm(BaseForm):
    kind = RadioField(_l("What is it?"), choices=[option(k, v) for k, v in KIND_LABELS.items()], default="complaint")
    tenant_id = SelectField(
        _l("Which agency is it about?"),
        coerce=_optional_int,
        validators=[Optional()],
        choices=[],
        validate_choice=False,
    )
    service_id = SelectField(
        _l("Which service (if you know)?"),
        coerce=_optional_int,
        validators=[Optional()],
        choices=[],
        validate_choice=False,
    )
    text = TextAreaField(_l("Your complaint or suggestion"), validators=[DataRequired(), Length(min=10, max=4000)])
    contact_name = StringField(_l("Your name (optional)"), validators=[Optional(), Length(max=120)])
    contact_phone = StringField(_l("Phone or WhatsApp number (optional)"), validators=[Optional(), Length(max=20)])
    contact_email = StringField(_l("E-mail (optional)"), validators=[Optional(), Length(max=120)])
    confidential = BooleanField(_l("Keep my identity confidential (only the hall's supervisor sees my name)"))


class DeskComplaintForm(ComplaintForm):
    channel = SelectField(
        _l("How did it come in?"), choices=[option(k, v) for k, v in CHANNEL_LABELS.items()], default="desk"
    )
    incomplete = BooleanField(_l("Information still missing (the 60-day resolution clock starts when it is complete)"))
