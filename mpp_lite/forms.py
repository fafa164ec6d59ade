"""The one base of every form, and `option()` for the choices of select and radio fields.

`BaseForm` shows WTForms' own messages ("This field is required.", "Not a valid choice.") in the
page's language: WTForms ships no Indonesian, so they are listed below for the catalogue and
looked up through the app's catalogues like every other message."""

from __future__ import annotations

from flask_babel import get_translations, gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

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
