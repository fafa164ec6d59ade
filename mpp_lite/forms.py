"""The one base of every form, `option()` for the choices of select and radio fields, and the
fields and validators that the forms of several features share (`AdminForm`, `at_most`, ...).

`BaseForm` shows WTForms' own messages ("This field is required.", "Not a valid choice.") in the
page's language: WTForms ships no Indonesian, so they are listed below for the catalogue and
looked up through the app's catalogues like every other message."""

from __future__ import annotations

import re

from flask_babel import get_translations, gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, SelectMultipleField
from wtforms.validators import Length, NumberRange
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

try:
    from wtforms import SelectChoice as _SelectChoice
except ImportError:  # WTForms before 3.3 takes (value, label) tuples
    _SelectChoice = None

# WTForms' own messages, listed so that the catalogue carries them in Indonesian.
WTFORMS_MESSAGES = (
    _l("This field is required."),
    _l("Not a valid integer value."),
    _l("Not a valid time value."),
    _l("Not a valid choice."),
    _l("Invalid Choice: could not coerce."),
    _l("Invalid choice(s): one or more data inputs could not be coerced."),
)


class _AppTranslations:
    """WTForms asks its Meta for translations; answer with the app's (Flask-Babel) catalogues."""

    def gettext(self, string):
        return gettext(string)

    def ngettext(self, singular, plural, n):
        # WTForms fills in %(min)d and the like itself; Flask-Babel's ngettext would try first.
        return get_translations().ngettext(singular, plural, n)


class BaseForm(FlaskForm):
    """Every form of the kit: CSRF from Flask-WTF, WTForms' messages translated."""

    class Meta:
        def get_translations(self, form):
            return _AppTranslations()


def option(value, label, optgroup: str | None = None):
    """One choice of a select or radio field, in the shape this WTForms version wants."""
    if _SelectChoice is None:
        return (value, label)
    return _SelectChoice(value=value, label=label, optgroup=optgroup)


class AdminForm(BaseForm):
    """Base of the admin forms: `editing_id` for uniqueness checks."""

    editing_id: int | None = None


def at_most(limit: int) -> Length:
    return Length(max=limit, message=_l("Use at most %(max)d characters."))


def between(low: int, high: int) -> NumberRange:
    return NumberRange(min=low, max=high, message=_l("Enter a whole number from %(min)s to %(max)s."))


REQUIRED = _l("This field is required.")
LOGO_TYPES = ("png", "jpg", "jpeg", "webp")


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
