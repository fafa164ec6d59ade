"""Forms of the queue feature: queues and their week, counters, devices (kiosks, displays) and their
printers, pairing codes. Choices that come from the database are set by the views."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp

from mpp_lite.catalogue.services import is_taken
from mpp_lite.extensions import db
from mpp_lite.forms import (
    REQUIRED,
    AdminForm,
    BaseForm,
    MultiCheckboxField,
    at_most,
    between,
    option,
    optional_int,
)
from mpp_lite.queue.models import Counter, Queue

PRINTER_CHOICES = [
    option("browser", _l("Browser printing (Chromium --kiosk-printing)")),
    option("network", _l("ESC/POS network printer (IP address)")),
    option("usb", _l("ESC/POS USB printer on this server PC")),
    option("file", _l("ESC/POS printer device file (e.g. /dev/usb/lp0)")),
    option("none", _l("Do not print (show the number on screen only)")),
]


class DeviceForm(BaseForm):
    name = StringField(
        _l("Device name"),
        validators=[DataRequired(), Length(max=80)],
        description=_l('Where it stands, e.g. "Kiosk lobby" or "TV waiting room 1".'),
    )
    role = RadioField(
        _l("Kind"),
        choices=[option("kiosk", _l("Ticket kiosk")), option("display", _l("Display screen (TV)"))],
        default="kiosk",
        validators=[DataRequired()],
    )


class PrinterForm(BaseForm):
    kind = SelectField(_l("Ticket printing"), choices=PRINTER_CHOICES, default="browser")
    paper = SelectField(_l("Paper width"), choices=[option("80", "80 mm"), option("58", "58 mm")], default="80")
    host = StringField(_l("Printer IP address"), validators=[Optional(), Length(max=100)])
    port = StringField(
        _l("Port"), validators=[Optional(), Regexp(r"^\d{1,5}$", message=_l("A port is a number, usually 9100."))]
    )
    vendor_id = StringField(
        _l("USB vendor id (hex)"),
        validators=[Optional(), Regexp(r"^(0x)?[0-9a-fA-F]{1,4}$", message=_l("Four hex digits, e.g. 0416."))],
    )
    product_id = StringField(
        _l("USB product id (hex)"),
        validators=[Optional(), Regexp(r"^(0x)?[0-9a-fA-F]{1,4}$", message=_l("Four hex digits, e.g. 5011."))],
    )
    path = StringField(_l("Device file"), validators=[Optional(), Length(max=200)])


class PairForm(BaseForm):
    code = StringField(_l("Pairing code"), validators=[DataRequired(), Length(max=20)])


class DisplayForm(BaseForm):
    queues = StringField(
        _l("Queues shown"),
        validators=[
            Optional(),
            Length(max=100),
            Regexp(r"^[A-Za-z, ]*$", message=_l("Queue letters separated by commas, e.g. A, B.")),
        ],
        description=_l(
            "Queue letters separated by commas (e.g. A, B) for a screen near some counters; empty shows every queue."
        ),
    )


class QueueForm(AdminForm):
    prefix = StringField(
        _l("Prefix"),
        validators=[
            DataRequired(REQUIRED),
            Regexp(r"^[A-Za-z]{1,2}$", message=_l("Use one or two letters, e.g. A or PB.")),
        ],
        description=_l("Printed before the number: A001, A002, ..."),
    )
    name = StringField(_l("Name"), validators=[DataRequired(REQUIRED), at_most(80)])
    tenant_id = SelectField(_l("Tenant"), coerce=optional_int, validators=[Optional()])
    daily_quota = IntegerField(
        _l("Daily quota"),
        validators=[Optional(), between(1, 100000)],
        description=_l("Most tickets issued per day. Empty: no limit."),
    )
    opens_at = TimeField(_l("Opens at"), validators=[Optional()])
    closes_at = TimeField(
        _l("Closes at"),
        validators=[Optional()],
        description=_l("Tickets are issued between these times. Empty: any time."),
    )
    service_minutes = IntegerField(
        _l("Minutes per citizen"),
        default=10,
        validators=[InputRequired(REQUIRED), between(1, 480)],
        description=_l("Average time at the counter; used to estimate waiting times."),
    )
    active = BooleanField(_l("Active (tickets can be taken)"), default=True)

    def validate_prefix(self, field):
        prefix = (field.data or "").strip().upper()
        if is_taken(Queue, Queue.prefix, prefix, self.editing_id):
            raise ValidationError(_l("Another queue already uses the prefix %(prefix)s.", prefix=prefix))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.opens_at.errors or self.closes_at.errors:
            return False
        problem = None
        if bool(self.opens_at.data) != bool(self.closes_at.data):
            problem = _l("Give both the opening and the closing time, or neither.")
        elif self.closes_at.data and self.closes_at.data <= self.opens_at.data:
            problem = _l("The closing time must be after the opening time.")
        if problem:
            self.closes_at.errors = list(self.closes_at.errors) + [problem]
            return False
        return valid


class CounterForm(AdminForm):
    number = IntegerField(
        _l("Counter number"),
        validators=[InputRequired(REQUIRED), between(1, 999)],
        description=_l('Called out by the voice: "... please go to counter 3".'),
    )
    name = StringField(_l("Name"), validators=[DataRequired(REQUIRED), at_most(80)])
    tenant_id = SelectField(_l("Tenant"), coerce=optional_int, validators=[Optional()])
    queue_ids = MultiCheckboxField(_l("Queues served"), coerce=int)
    active = BooleanField(_l("Active"), default=True)

    def validate_number(self, field):
        if field.errors:  # out of range (2**70 would overflow the query): already answered
            return
        statement = db.select(Counter.id).where(Counter.number == field.data)
        if self.editing_id is not None:
            statement = statement.where(Counter.id != self.editing_id)
        if db.session.scalar(statement.limit(1)) is not None:
            raise ValidationError(_l("Counter %(num)s already exists.", num=field.data))


def queue_choices(blank=None, tenant_id: int | None = None) -> list[tuple]:
    statement = db.select(Queue).order_by(Queue.prefix)
    if tenant_id is not None:
        statement = statement.where((Queue.tenant_id == tenant_id) | Queue.tenant_id.is_(None))
    choices = [option(queue.id, f"{queue.prefix} · {queue.name}") for queue in db.session.scalars(statement)]
    return ([option("", blank)] if blank is not None else []) + choices


WEEKDAY_LABELS = (
    ("mon", _l("Monday")),
    ("tue", _l("Tuesday")),
    ("wed", _l("Wednesday")),
    ("thu", _l("Thursday")),
    ("fri", _l("Friday")),
    ("sat", _l("Saturday")),
    ("sun", _l("Sunday")),
)


class QueueWeekForm(AdminForm):
    """A queue's week as a grid: a line of windows and a quota per day, overrides, the policy.
    The values are checked by queue/schedule.py, which names what is wrong per field."""

    policy = SelectField(
        _l("Calling priority tickets"),
        choices=[
            option("strict", _l("Strict: priority tickets always first")),
            option("interleave", _l("Interleave: one priority ticket after a number of ordinary calls")),
            option("dedicated", _l("Dedicated: only priority counters call priority tickets first")),
        ],
    )
    interleave_ratio = IntegerField(_l("Ordinary calls between two priority calls"), validators=[Optional()])
    last_ticket_margin_minutes = IntegerField(
        _l("Last ticket margin (minutes)"),
        default=0,
        validators=[Optional()],
        description=_l("The kiosk stops giving tickets when service would start later than this before closing."),
    )
    overrides = TextAreaField(
        _l("Other hours for some dates"),
        validators=[Optional(), at_most(4000)],
        description=_l(
            "One line each: from..to | hours (or tutup) | note, e.g. "
            "2027-02-08..2027-03-09 | 08:00-14:00 | Jam layanan Ramadan"
        ),
    )


for _day, _label in WEEKDAY_LABELS:
    setattr(QueueWeekForm, f"hours_{_day}", StringField(_label, validators=[Optional(), at_most(200)]))
    setattr(QueueWeekForm, f"quota_{_day}", IntegerField(_l("Quota"), validators=[Optional()]))
