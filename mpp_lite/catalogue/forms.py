"""Forms of the catalogue: tenants, services (the 14 components of a Standar Pelayanan), importing a
catalogue file, the minutes of a public consultation. Choices that come from the database are set by
the views."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField, TextAreaField, ValidationError
from wtforms.validators import DataRequired, InputRequired, Optional, Regexp
from wtforms.widgets import ColorInput

from mpp_lite.catalogue.components import STANDARD_FIELDS
from mpp_lite.catalogue.models import DURATION_UNITS, Service, Tenant
from mpp_lite.catalogue.services import is_taken
from mpp_lite.extensions import db
from mpp_lite.forms import (
    LOGO_TYPES,
    REQUIRED,
    AdminForm,
    BaseForm,
    RupiahField,
    at_most,
    between,
    option,
    optional_int,
)


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
            *(name for name in STANDARD_FIELDS if name != "fee"),  # the fee: from fee_kind below
            "needs_application",
            "published",
        )
        values = {name: self[name].data for name in names if name in self}
        values["fee"] = (self.fee.data or 0) if self.fee_kind.data == "paid" else 0
        return values


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


def tenant_choices(blank=None, only_id: int | None = None) -> list[tuple]:
    """Tenants for a select, in catalogue order; `blank` adds a "none" choice first."""
    statement = db.select(Tenant).order_by(Tenant.sort_order, Tenant.name)
    if only_id is not None:
        statement = statement.where(Tenant.id == only_id)
    choices = [option(tenant.id, f"{tenant.display_name} ({tenant.code})") for tenant in db.session.scalars(statement)]
    return ([option("", blank)] if blank is not None else []) + choices


class ConsultationMinutesForm(BaseForm):
    """The minutes (berita acara) of a public consultation; the other fields are checked by the service."""

    minutes = FileField(_l("Minutes (PDF, JPG or PNG, up to 10 MB)"))
