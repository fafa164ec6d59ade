"""Forms of the application pages: register, change status, status check, local holidays."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from mpp_lite.forms import BaseForm, option


class RegisterForm(BaseForm):
    service_id = SelectField(_l("Service"), coerce=int, validators=[DataRequired(_l("Choose a service."))])
    ticket_id = HiddenField()
    name = StringField(_l("Full name (as on the KTP-el)"), validators=[Length(max=120)])
    nik = StringField(_l("NIK (16 digits)"), validators=[Length(max=40)])
    phone = StringField(_l("Phone number"), validators=[Length(max=30)])
    email = StringField(_l("E-mail (optional)"), validators=[Optional(), Length(max=120)])
    address = TextAreaField(_l("Address (optional)"), validators=[Optional(), Length(max=500)])
    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=2000)])
    verify_now = BooleanField(
        _l("All documents were checked and are complete: verify now (the SLA clock starts today)")
    )


class EditForm(BaseForm):
    name = StringField(_l("Full name (as on the KTP-el)"), validators=[Length(max=120)])
    nik = StringField(_l("NIK (16 digits)"), validators=[Length(max=40)])
    phone = StringField(_l("Phone number"), validators=[Length(max=30)])
    email = StringField(_l("E-mail (optional)"), validators=[Optional(), Length(max=120)])
    address = TextAreaField(_l("Address (optional)"), validators=[Optional(), Length(max=500)])


class TransitionForm(BaseForm):
    to = HiddenField(validators=[DataRequired()])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])


class StatusForm(BaseForm):
    code = StringField(_l("Tracking code"), validators=[Length(max=30)])
    phone_last4 = StringField(_l("Last 4 digits of your phone number"), validators=[Length(max=10)])


class HolidayForm(BaseForm):
    day = DateField(_l("Date"), validators=[DataRequired(_l("Choose a date."))])
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Enter a name, e.g. Hari Jadi Kabupaten.")), Length(max=120)]
    )
    kind = SelectField(
        _l("Kind"),
        choices=[
            option("holiday", _l("Local holiday (office closed)")),
            option("working_day", _l("Working day (correction: the office is open)")),
        ],
    )


class OfficialListForm(BaseForm):
    file = FileField(
        _l("Official list (CSV or JSON)"),
        validators=[FileRequired(_l("Choose the file with the year's official list."))],
    )
    dry_run = BooleanField(_l("Only check the file (store nothing)"))
