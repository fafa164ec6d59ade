"""Forms of the queue feature: devices (kiosks, displays) and their printers, pairing codes."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from mpp_lite.forms import BaseForm, option

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
