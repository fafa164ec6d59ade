"""NIK (Nomor Induk Kependudukan) checks: 16 digits = region (6) + birth date DDMMYY + serial.

Women add 40 to the day (41-71). There is no checksum, so the checks are structural: length,
digits, a real birth date (leap years included) and a serial above 0000. An unknown region
prefix is only a warning: codes outlive region splits, and old cards stay valid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _

from mpp_lite.privacy.masking import mask_nik  # noqa: F401  (re-exported for callers)
from mpp_lite.site import clock

# Province codes (Kemendagri, kode wilayah administrasi pemerintahan; Kepmendagri
# 100.1.1-6117/2022 with the Papua provinces formed in 2022). 38 provinces.
PROVINCES: dict[str, str] = {
    "11": "Aceh",
    "12": "Sumatera Utara",
    "13": "Sumatera Barat",
    "14": "Riau",
    "15": "Jambi",
    "16": "Sumatera Selatan",
    "17": "Bengkulu",
    "18": "Lampung",
    "19": "Kepulauan Bangka Belitung",
    "21": "Kepulauan Riau",
    "31": "DKI Jakarta",
    "32": "Jawa Barat",
    "33": "Jawa Tengah",
    "34": "DI Yogyakarta",
    "35": "Jawa Timur",
    "36": "Banten",
    "51": "Bali",
    "52": "Nusa Tenggara Barat",
    "53": "Nusa Tenggara Timur",
    "61": "Kalimantan Barat",
    "62": "Kalimantan Tengah",
    "63": "Kalimantan Selatan",
    "64": "Kalimantan Timur",
    "65": "Kalimantan Utara",
    "71": "Sulawesi Utara",
    "72": "Sulawesi Tengah",
    "73": "Sulawesi Selatan",
    "74": "Sulawesi Tenggara",
    "75": "Gorontalo",
    "76": "Sulawesi Barat",
    "81": "Maluku",
    "82": "Maluku Utara",
    "91": "Papua",
    "92": "Papua Barat",
    "93": "Papua Selatan",
    "94": "Papua Tengah",
    "95": "Papua Pegunungan",
    "96": "Papua Barat Daya",
}


@dataclass
class NikCheck:
    nik: str
    errors: list[str] = field(default_factory=list)  # messages; empty when valid
    warnings: list[str] = field(default_factory=list)
    part: str | None = None  # which part is wrong: length, digits, date, serial
    birth_date: date | None = None
    female: bool | None = None
    province: str | None = None

    @property
    def valid(self) -> bool:
        return not self.errors


def clean(text: str | None) -> str:
    """Drop spaces, dots and dashes people type between digit groups."""
    return re.sub(r"[\s.\-]", "", text or "")


def _century(two_digits: int, today: date) -> int:
    year = 2000 + two_digits
    return year if year <= today.year else year - 100


def check_nik(text: str | None, today: date | None = None) -> NikCheck:
    nik = clean(text)
    result = NikCheck(nik)
    today = today or clock.today()  # the site's date (WIB), not the server's zone
    if not nik.isdigit():
        result.part = "digits"
        result.errors.append(str(_("The NIK may contain digits only.")))
        return result
    if len(nik) != 16:
        result.part = "length"
        result.errors.append(str(_("The NIK must have exactly 16 digits; this one has %(count)d.", count=len(nik))))
        return result
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    female = day > 40
    if female:
        day -= 40
    try:
        birth = date(_century(year, today), month, day)
    except ValueError:
        birth = None
    if birth is None or not 1 <= day <= 31:
        result.part = "date"
        result.errors.append(
            str(
                _(
                    "Digits 7-12 of the NIK (%(digits)s) are not a real birth date (DDMMYY; women add 40 to the day).",
                    digits=nik[6:12],
                )
            )
        )
        return result
    if nik[12:] == "0000":
        result.part = "serial"
        result.errors.append(str(_("The last 4 digits of the NIK (the serial number) cannot be 0000.")))
        return result
    result.birth_date, result.female = birth, female
    result.province = PROVINCES.get(nik[:2])
    if result.province is None:
        result.warnings.append(
            str(_("Province code %(code)s at the start of the NIK is unknown; please check the NIK.", code=nik[:2]))
        )
    elif nik[2:4] == "00" or nik[4:6] == "00":
        result.warnings.append(
            str(_("The regency or district code in the NIK (digits 3-6) is 00; please check the NIK."))
        )
    return result
