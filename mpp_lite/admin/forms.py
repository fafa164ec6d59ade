"""Forms of the administration pages. Choices that come from the database are set by the views."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    Field,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import (
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ColorInput, ListWidget, TextInput

from mpp_lite.admin.services import is_taken
from mpp_lite.catalogue.models import DURATION_UNITS, Counter, Queue, Service, Tenant
from mpp_lite.extensions import db
from mpp_lite.forms import BaseForm, option

LOGO_TYPES = ("png", "jpg", "jpeg", "webp")


class AdminForm(BaseForm):
    """Base of the admin forms: `editing_id` for uniqueness checks."""

    editing_id: int | None = None


PASSWORD_MAX_LENGTH = 128  # ASVS 2.1.2: at least 64 allowed, more than 128 refused


def at_most(limit: int) -> Length:
    return Length(max=limit, message=_l("Use at most %(max)d characters."))


def between(low: int, high: int) -> NumberRange:
    return NumberRange(min=low, max=high, message=_l("Enter a whole number from %(min)s to %(max)s."))


REQUIRED = _l("This field is required.")
ROLE_CHOICES = [
    option("operator", _l("Operator")),
    option("supervisor", _l("Supervisor")),
    option("admin", _l("Administrator")),
]


def optional_int(value):
    """Coerce a select's value to an int, keeping "" (no choice) as None."""
    if value in (None, "", "None"):
        return None
    return int(value)


class MultiCheckboxField(SelectMultipleField):
    """Several choices as a list of checkboxes (the queues a counter serves)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RupiahField(Field):
    """An amount in rupiah as people type it: 30000, 30.000, Rp 30.000 or 30.000,00."""

    widget = TextInput()

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return str(self.data) if self.data else ""  # free (0) shows an empty amount

    def process_formdata(self, valuelist):
        self.data = None
        text = (valuelist[0] if valuelist else "") or ""
        text = re.sub(r"^rp\.?", "", text.strip().lower()).strip().replace(" ", "")
        text = re.sub(r",0{1,2}$", "", text)
        if not text:
            return
        if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
            text = text.replace(".", "")
        if not re.fullmatch(r"\d{1,12}", text):
            raise ValueError(_l("Enter the amount in rupiah as a whole number, e.g. 30000 or 30.000."))
        self.data = int(text)


class TenantForm(AdminForm):
    name = StringField(_l("Name"), validators=[DataRequired(REQUIRED), at_most(160)])
    code = StringField(
        _l("Code"),
        validators=[
            DataRequired(REQUIRED),
            at_most(20),
            Regexp(r"^[A-Za-z0-9_-]+$", message=_l("Use letters, digits, - or _ only (no spaces).")),
        ],
        description=_l("Short and unique, e.g. DUKCAPIL. Used in files, the API and colours."),
    )
    short_name = StringField(
        _l("Short name"),
        validators=[Optional(), at_most(60)],
        description=_l("Shown on the display board and kiosk, e.g. Disdukcapil."),
    )
    colour = StringField(
        _l("Colour"),
        widget=ColorInput(),
        default="#1f4e79",
        validators=[
            DataRequired(REQUIRED),
            Regexp(r"^#[0-9a-fA-F]{6}$", message=_l("Choose a colour such as #1f4e79.")),
        ],
    )
    contact = StringField(
        _l("Contact"),
        validators=[Optional(), at_most(255)],
        description=_l("Phone, e-mail or desk, as citizens should use it."),
    )
    description = TextAreaField(_l("Description"), validators=[Optional(), at_most(4000)])
    logo = FileField(
        _l("Logo"),
        validators=[FileAllowed(LOGO_TYPES, _l("The logo must be a PNG, JPEG or WebP image."))],
        description=_l("PNG, JPEG or WebP, at most 1 MB. Leave empty to keep the current logo."),
    )
    remove_logo = BooleanField(_l("Remove the current logo"))
    active = BooleanField(_l("Published (shown in the catalogue)"), default=True)
    processing_mode = SelectField(
        _l("Applications"),
        default="full",
        validators=[Optional()],
        choices=[
            option("full", _l("Full: the file is processed and its status kept here")),
            option(
                "receipt_only",
                _l(
                    "Receipt only: the agency works in its own system (SIAK, SiCantik, ...); "
                    "staff record the status and the system's number here"
                ),
            ),
        ],
    )

    def validate_code(self, field):
        code = (field.data or "").strip().upper()
        if is_taken(Tenant, Tenant.code, code, self.editing_id):
            raise ValidationError(_l("Another tenant already uses the code %(code)s.", code=code))

    sort_order = IntegerField(
        _l("Order"),
        default=0,
        validators=[InputRequired(REQUIRED), between(0, 9999)],
        description=_l("Smaller numbers come first in the catalogue."),
    )


class ServiceForm(AdminForm):
    code = StringField(
        _l("Code"),
        validators=[
            DataRequired(REQUIRED),
            at_most(20),
            Regexp(r"^[A-Za-z0-9._-]+$", message=_l("Use letters, digits, '.', - or _ only (no spaces).")),
        ],
        description=_l("Unique, e.g. DKC-01."),
    )
    name = StringField(_l("Service name"), validators=[DataRequired(REQUIRED), at_most(160)])
    tenant_id = SelectField(_l("Tenant"), coerce=optional_int, validators=[InputRequired(REQUIRED)])
    queue_id = SelectField(
        _l("Queue"),
        coerce=optional_int,
        validators=[Optional()],
        description=_l("The queue whose tickets lead to this service."),
    )
    summary = TextAreaField(
        _l("Summary"),
        validators=[Optional(), at_most(2000)],
        description=_l("One or two sentences for the catalogue card."),
    )
    keywords = StringField(
        _l("Search keywords"),
        validators=[Optional(), at_most(255)],
        description=_l("Words citizens type, e.g. ktp ektp kartu penduduk."),
    )
    # 1-6: shown to citizens
    requirements = TextAreaField(
        _l("1. Requirements"), validators=[Optional(), at_most(10000)], description=_l("One requirement per line.")
    )
    procedure = TextAreaField(
        _l("2. System, mechanism and procedure"),
        validators=[Optional(), at_most(10000)],
        description=_l("One step per line, in order."),
    )
    duration_value = IntegerField(
        _l("3. Service time"), default=1, validators=[InputRequired(REQUIRED), between(1, 10000)]
    )
    duration_unit = SelectField(
        _l("Unit"),
        choices=[option("working_days", _l("working days")), option("minutes", _l("minutes"))],
        default="working_days",
    )
    fee_kind = RadioField(
        _l("4. Fee"), choices=[option("free", _l("Free")), option("paid", _l("Paid"))], default="free"
    )
    fee = RupiahField(_l("Amount (rupiah)"), validators=[Optional()])
    fee_note = TextAreaField(
        _l("Fee note"),
        validators=[Optional(), at_most(2000)],
        description=_l("E.g. the regulation that sets the tariff (PNBP)."),
    )
    product = TextAreaField(_l("5. Service product"), validators=[Optional(), at_most(2000)])
    complaint_channel = TextAreaField(
        _l("6. Complaints, suggestions and feedback"), validators=[Optional(), at_most(2000)]
    )
    # 7-14: management
    legal_basis = TextAreaField(
        _l("7. Legal basis"), validators=[Optional(), at_most(10000)], description=_l("One regulation per line.")
    )
    facilities = TextAreaField(_l("8. Facilities and infrastructure"), validators=[Optional(), at_most(4000)])
    competency = TextAreaField(_l("9. Staff competence"), validators=[Optional(), at_most(4000)])
    internal_supervision = TextAreaField(_l("10. Internal supervision"), validators=[Optional(), at_most(4000)])
    staff_count = StringField(_l("11. Number of staff"), validators=[Optional(), at_most(80)])
    service_guarantee = TextAreaField(_l("12. Service guarantee"), validators=[Optional(), at_most(4000)])
    security_guarantee = TextAreaField(_l("13. Security and safety guarantee"), validators=[Optional(), at_most(4000)])
    performance_evaluation = TextAreaField(
        _l("14. Staff performance evaluation"), validators=[Optional(), at_most(4000)]
    )
    needs_application = BooleanField(_l("Needs an application file (tracked until it is ready)"))
    published = BooleanField(_l("Published (shown to citizens)"))

    def validate_code(self, field):
        code = (field.data or "").strip()
        if is_taken(Service, Service.code, code, self.editing_id):
            raise ValidationError(_l("Another service already uses the code %(code)s.", code=code))

    def validate_duration_unit(self, field):
        if field.data not in DURATION_UNITS:
            raise ValidationError(_l("Choose working days or minutes."))

    def validate_fee(self, field):
        if self.fee_kind.data == "paid" and not field.data:
            raise ValidationError(_l("Enter the fee in rupiah, or choose Free."))

    def validate_published(self, field):
        """A published standard must tell citizens the six things they need."""
        if not field.data:
            return
        missing = False
        for name in ("requirements", "procedure", "product", "complaint_channel"):
            other = getattr(self, name)
            if not str(other.data or "").strip():
                other.errors = list(other.errors) + [_l("Required before the service is published.")]
                missing = True
        if missing:
            raise ValidationError(_l("Fill in the marked components, or leave the service as a draft."))

    def values(self) -> dict:
        """The form's data in the shape `catalogue.services.save_service` takes."""
        names = (
            "code",
            "name",
            "tenant_id",
            "queue_id",
            "summary",
            "keywords",
            "requirements",
            "procedure",
            "duration_value",
            "duration_unit",
            "fee_note",
            "product",
            "complaint_channel",
            "legal_basis",
            "facilities",
            "competency",
            "internal_supervision",
            "staff_count",
            "service_guarantee",
            "security_guarantee",
            "performance_evaluation",
            "needs_application",
            "published",
        )
        values = {name: self[name].data for name in names if name in self}
        values["fee"] = (self.fee.data or 0) if self.fee_kind.data == "paid" else 0
        return values


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


def operator_has_tenant(form) -> bool:
    """An operator serves one tenant: the tenant choice is required for that role only."""
    if form.role.data == "operator" and not form.tenant_id.data and not form.tenant_id.errors:
        form.tenant_id.errors = list(form.tenant_id.errors) + [_l("Choose the tenant this operator works for.")]
        return False
    return True


class UserCreateForm(AdminForm):
    username = StringField(
        _l("Username"),
        validators=[
            DataRequired(REQUIRED),
            at_most(64),
            Regexp(r"^[A-Za-z0-9._-]+$", message=_l("Use letters, digits, '.', - or _ only (no spaces).")),
        ],
    )
    full_name = StringField(_l("Full name"), validators=[Optional(), at_most(120)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, default="operator")
    tenant_id = SelectField(
        _l("Tenant"),
        coerce=optional_int,
        validators=[Optional()],
        description=_l("Required for operators: they serve this tenant only."),
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(REQUIRED), at_most(PASSWORD_MAX_LENGTH)])
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(REQUIRED), EqualTo("password", _l("The passwords do not match."))],
    )

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        return operator_has_tenant(self) and valid


class UserEditForm(AdminForm):
    full_name = StringField(_l("Full name"), validators=[Optional(), at_most(120)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)
    tenant_id = SelectField(
        _l("Tenant"),
        coerce=optional_int,
        validators=[Optional()],
        description=_l("Required for operators: they serve this tenant only."),
    )
    active = BooleanField(_l("Active (may sign in)"))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        return operator_has_tenant(self) and valid


class PasswordResetForm(AdminForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(REQUIRED), at_most(PASSWORD_MAX_LENGTH)])
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(REQUIRED), EqualTo("password", _l("The passwords do not match."))],
    )


class SettingsForm(AdminForm):
    mpp_name = StringField(_l("Name of the MPP"), validators=[DataRequired(REQUIRED), at_most(160)])
    regency = StringField(_l("Regency / city"), validators=[Optional(), at_most(120)])
    province = StringField(_l("Province"), validators=[Optional(), at_most(120)])
    address = TextAreaField(_l("Address"), validators=[Optional(), at_most(500)])
    phone = StringField(
        _l("MPP phone"),
        validators=[
            Optional(),
            at_most(40),
            Regexp(r"^[0-9 +()./-]*$", message=_l("Use digits, spaces and + ( ) - only.")),
        ],
    )
    email = StringField(
        _l("MPP e-mail"),
        validators=[
            Optional(),
            at_most(120),
            Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Enter an e-mail address such as mpp@example.go.id.")),
        ],
    )
    opening_hours = StringField(
        _l("Opening hours"),
        validators=[Optional(), at_most(200)],
        description=_l("As citizens should read it, e.g. Senin-Jumat 08.00-15.00 WIB."),
    )
    site_code = StringField(
        _l("Site code"),
        validators=[
            Optional(),
            at_most(40),
            Regexp(r"^[A-Za-z0-9._-]*$", message=_l("Use letters, digits, '.', - or _ only (no spaces).")),
        ],
        description=_l(
            "Identifies this MPP when records are sent to the national system, e.g. the regency code 32.01."
        ),
    )
    default_language = SelectField(
        _l("Default language"), choices=[option("id", "Bahasa Indonesia"), option("en", "English")]
    )
    running_text = TextAreaField(_l("Running text on the display board"), validators=[Optional(), at_most(1000)])
    logo = FileField(
        _l("Logo"),
        validators=[FileAllowed(LOGO_TYPES, _l("The logo must be a PNG, JPEG or WebP image."))],
        description=_l("PNG, JPEG or WebP, at most 1 MB. Leave empty to keep the current logo."),
    )
    remove_logo = BooleanField(_l("Remove the current logo"))

    SETTING_KEYS = (
        "mpp_name",
        "regency",
        "province",
        "address",
        "phone",
        "email",
        "opening_hours",
        "site_code",
        "default_language",
        "running_text",
    )


class CatalogueImportForm(AdminForm):
    file = FileField(
        _l("Catalogue file (JSON)"),
        validators=[
            FileRequired(_l("Choose the JSON file exported from MPP Lite.")),
            FileAllowed(("json",), _l("Choose a .json file exported from MPP Lite.")),
        ],
    )
    publish = BooleanField(
        _l("Publish the imported services at once"),
        description=_l("Otherwise new services arrive as drafts to review first."),
    )


class ConfirmForm(AdminForm):
    """An empty form: only the CSRF token, for buttons that change something."""


def tenant_choices(blank=None, only_id: int | None = None) -> list[tuple]:
    """Tenants for a select, in catalogue order; `blank` adds a "none" choice first."""
    statement = db.select(Tenant).order_by(Tenant.sort_order, Tenant.name)
    if only_id is not None:
        statement = statement.where(Tenant.id == only_id)
    choices = [option(tenant.id, f"{tenant.display_name} ({tenant.code})") for tenant in db.session.scalars(statement)]
    return ([option("", blank)] if blank is not None else []) + choices


def queue_choices(blank=None, tenant_id: int | None = None) -> list[tuple]:
    statement = db.select(Queue).order_by(Queue.prefix)
    if tenant_id is not None:
        statement = statement.where((Queue.tenant_id == tenant_id) | Queue.tenant_id.is_(None))
    choices = [option(queue.id, f"{queue.prefix} · {queue.name}") for queue in db.session.scalars(statement)]
    return ([option("", blank)] if blank is not None else []) + choices


def show_error(form: BaseForm, error) -> None:
    """Put a service-layer error next to its field (or at the top of the form)."""
    field = getattr(form, error.field, None) if getattr(error, "field", None) else None
    if field is not None:
        field.errors = list(field.errors) + [str(error)]
    else:
        form.form_errors.append(str(error))


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


class ConsultationMinutesForm(BaseForm):
    """The minutes (berita acara) of a public consultation; the other fields are checked by the service."""

    minutes = FileField(_l("Minutes (PDF, JPG or PNG, up to 10 MB)"))
