"""Forms of the administration pages: accounts, settings, confirmations. (Tenants and services:
catalogue/forms.py; queues and counters: queue/forms.py.) Choices from the database are set by the views."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField
from wtforms import (
    BooleanField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    EqualTo,
    Optional,
    Regexp,
)

from mpp_lite.forms import LOGO_TYPES, REQUIRED, AdminForm, BaseForm, at_most, option, optional_int

PASSWORD_MAX_LENGTH = 128  # ASVS 2.1.2: at least 64 allowed, more than 128 refused


ROLE_CHOICES = [
    option("operator", _l("Operator")),
    option("supervisor", _l("Supervisor")),
    option("admin", _l("Administrator")),
]


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


class ConfirmForm(AdminForm):
    """An empty form: only the CSRF token, for buttons that change something."""


def show_error(form: BaseForm, error) -> None:
    """Put a service-layer error next to its field (or at the top of the form)."""
    field = getattr(form, error.field, None) if getattr(error, "field", None) else None
    if field is not None:
        field.errors = list(field.errors) + [str(error)]
    else:
        form.form_errors.append(str(error))
