"""The SKM questionnaire and the IKM index of PermenPANRB 14/2017, computed exactly.

NRR per element = sum of scores / n; IKM = sum(NRR x weight) x 25, rounded half up to two
decimals. Fractions keep every step exact, so 1/9 really is 1/9 and all-4 answers give 100.00.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

WEIGHT_EXACT = "1/9"
WEIGHT_PUBLISHED = "0.111"
WEIGHTS = {WEIGHT_EXACT: Fraction(1, 9), WEIGHT_PUBLISHED: Fraction("0.111")}


@dataclass(frozen=True)
class Element:
    code: str  # U1 ... U9
    official_name: str  # the regulation's wording, used in reports sent upward
    label: object  # shown in English
    question: object
    answers: tuple  # four answers, score 1 (a) ... 4 (d)
    official_question: str = ""
    official_answers: tuple = ()

    # In Indonesian the regulation's own words are shown, never a translation of a translation.
    def title(self) -> str:
        return self.official_name if _indonesian() else str(self.label)

    def question_text(self) -> str:
        return self.official_question if _indonesian() else str(self.question)

    def answer_texts(self) -> tuple[str, ...]:
        return self.official_answers if _indonesian() else tuple(str(a) for a in self.answers)


def _indonesian() -> bool:
    try:
        return str(get_locale() or "id").startswith("id")
    except RuntimeError:  # outside a request or app context
        return True


ELEMENTS: tuple[Element, ...] = (
    Element(
        "U1",
        "Persyaratan",
        _l("Requirements"),
        _l("How well do the service requirements match the kind of service?"),
        (_l("Not appropriate"), _l("Less appropriate"), _l("Appropriate"), _l("Very appropriate")),
        "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ),
    Element(
        "U2",
        "Sistem, Mekanisme, dan Prosedur",
        _l("System, mechanism and procedure"),
        _l("How easy is the service procedure at this unit?"),
        (_l("Not easy"), _l("Less easy"), _l("Easy"), _l("Very easy")),
        "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
        ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
    ),
    Element(
        "U3",
        "Waktu Penyelesaian",
        _l("Completion time"),
        _l("How fast was the service delivered?"),
        (_l("Not fast"), _l("Less fast"), _l("Fast"), _l("Very fast")),
        "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
        ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
    ),
    Element(
        "U4",
        "Biaya/Tarif",
        _l("Fee/tariff"),
        _l("How fair is the fee for the service?"),
        (_l("Very expensive"), _l("Fairly expensive"), _l("Cheap"), _l("Free of charge")),
        "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
        ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
    ),
    Element(
        "U5",
        "Produk Spesifikasi Jenis Pelayanan",
        _l("Product specification of the service"),
        _l("Does the product you received match what the service standard promises?"),
        (_l("Not appropriate"), _l("Less appropriate"), _l("Appropriate"), _l("Very appropriate")),
        (
            "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar "
            "pelayanan dengan hasil yang diberikan?"
        ),
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ),
    Element(
        "U6",
        "Kompetensi Pelaksana",
        _l("Staff competence"),
        _l("How competent were the staff who served you?"),
        (_l("Not competent"), _l("Less competent"), _l("Competent"), _l("Very competent")),
        "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
        ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
    ),
    Element(
        "U7",
        "Perilaku Pelaksana",
        _l("Staff behaviour"),
        _l("How polite and friendly were the staff?"),
        (
            _l("Not polite and friendly"),
            _l("Less polite and friendly"),
            _l("Polite and friendly"),
            _l("Very polite and friendly"),
        ),
        "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
        ("Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah", "Sangat sopan dan ramah"),
    ),
    Element(
        "U8",
        "Penanganan Pengaduan, Saran dan Masukan",
        _l("Handling of complaints, suggestions and feedback"),
        _l("How are complaints from service users handled?"),
        (_l("Not available"), _l("Available but not working"), _l("Working, not at its best"), _l("Well managed")),
        "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
        ("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik"),
    ),
    Element(
        "U9",
        "Sarana dan Prasarana",
        _l("Facilities and infrastructure"),
        _l("How good are the facilities and infrastructure?"),
        (_l("Poor"), _l("Adequate"), _l("Good"), _l("Very good")),
        "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
        ("Buruk", "Cukup", "Baik", "Sangat baik"),
    ),
)
ELEMENT_CODES = tuple(e.code for e in ELEMENTS)

# (lowest IKM, letter, label) from the best band down; labels are the regulation's words.
BANDS = (
    (Decimal("88.31"), "A", "Sangat Baik"),
    (Decimal("76.61"), "B", "Baik"),
    (Decimal("65.00"), "C", "Kurang Baik"),
    (Decimal("25.00"), "D", "Tidak Baik"),
)
BAND_LABELS = {"A": _l("Very good"), "B": _l("Good"), "C": _l("Less than good"), "D": _l("Not good")}


def parse_weight(value: str | None) -> Fraction:
    return WEIGHTS.get((value or "").strip(), WEIGHTS[WEIGHT_EXACT])


def _exact_round2(value: Fraction) -> Decimal:
    # Decimal division has 28 significant digits: exact enough that ties (x.xx5) round right,
    # but decide the tie on the fraction itself to be certain.
    hundredths = value * 100
    floor = hundredths.numerator // hundredths.denominator
    remainder = hundredths - floor
    rounded = floor + (1 if remainder >= Fraction(1, 2) else 0)
    return (Decimal(rounded) / 100).quantize(Decimal("0.01"))


def band_for(ikm: Decimal | None) -> tuple[str | None, str | None]:
    """The letter and the regulation's label for an IKM already rounded to two decimals."""
    if ikm is None:
        return None, None
    for lowest, letter, label in BANDS:
        if ikm >= lowest:
            return letter, label
    return "D", "Tidak Baik"


@dataclass(frozen=True)
class IkmResult:
    n: int
    totals: dict[str, int]
    nrr: dict[str, Fraction | None]
    ikm: Decimal | None
    band: str | None
    label: str | None
    weight: Fraction

    @property
    def weight_text(self) -> str:
        return (
            WEIGHT_EXACT
            if self.weight == Fraction(1, 9)
            else str(Decimal(self.weight.numerator) / self.weight.denominator)
        )

    def nrr_rounded(self, places: int = 3) -> dict[str, float | None]:
        quantum = Decimal(1).scaleb(-places)
        return {
            code: None
            if value is None
            else float((Decimal(value.numerator) / Decimal(value.denominator)).quantize(quantum, ROUND_HALF_UP))
            for code, value in self.nrr.items()
        }

    def element_ikm(self, code: str) -> Decimal | None:
        """One element's NRR on the 25-100 scale (NRR x 25), as reports show per element."""
        value = self.nrr.get(code)
        return None if value is None else _exact_round2(value * 25)

    def as_json(self) -> dict:
        return {
            "n": self.n,
            "nrr": self.nrr_rounded(),
            "ikm": None if self.ikm is None else float(self.ikm),
            "band": self.band,
            "label": self.label,
            "weight": float(self.weight) if self.weight != Fraction(1, 9) else round(float(self.weight), 6),
            "weight_text": self.weight_text,
        }


def compute_ikm(n: int, totals: dict[str, int], weight: Fraction | str | None = None) -> IkmResult:
    """IKM from the number of questionnaires and each element's sum of scores."""
    if not isinstance(weight, Fraction):
        weight = parse_weight(weight)
    totals = {code: int(totals.get(code) or 0) for code in ELEMENT_CODES}
    if n <= 0:
        return IkmResult(0, totals, {code: None for code in ELEMENT_CODES}, None, None, None, weight)
    nrr = {code: Fraction(totals[code], n) for code in ELEMENT_CODES}
    ikm = _exact_round2(sum(value * weight for value in nrr.values()) * 25)
    band, label = band_for(ikm)
    return IkmResult(n, totals, nrr, ikm, band, label, weight)


def ikm_from_answers(answers: list[dict[str, int]], weight=None) -> IkmResult:
    totals = {code: sum(a[code] for a in answers) for code in ELEMENT_CODES}
    return compute_ikm(len(answers), totals, weight)


# Krejcie & Morgan (1970), "Determining sample size for research activities", table 1:
# population N -> sample S for 95 % confidence, 5 % margin, P = 0.5.
KREJCIE_MORGAN: tuple[tuple[int, int], ...] = (
    (10, 10),
    (15, 14),
    (20, 19),
    (25, 24),
    (30, 28),
    (35, 32),
    (40, 36),
    (45, 40),
    (50, 44),
    (55, 48),
    (60, 52),
    (65, 56),
    (70, 59),
    (75, 63),
    (80, 66),
    (85, 70),
    (90, 73),
    (95, 76),
    (100, 80),
    (110, 86),
    (120, 92),
    (130, 97),
    (140, 103),
    (150, 108),
    (160, 113),
    (170, 118),
    (180, 123),
    (190, 127),
    (200, 132),
    (210, 136),
    (220, 140),
    (230, 144),
    (240, 148),
    (250, 152),
    (260, 155),
    (270, 159),
    (280, 162),
    (290, 165),
    (300, 169),
    (320, 175),
    (340, 181),
    (360, 186),
    (380, 191),
    (400, 196),
    (420, 201),
    (440, 205),
    (460, 210),
    (480, 214),
    (500, 217),
    (550, 226),
    (600, 234),
    (650, 242),
    (700, 248),
    (750, 254),
    (800, 260),
    (850, 265),
    (900, 269),
    (950, 274),
    (1000, 278),
    (1100, 285),
    (1200, 291),
    (1300, 297),
    (1400, 302),
    (1500, 306),
    (1600, 310),
    (1700, 313),
    (1800, 317),
    (1900, 320),
    (2000, 322),
    (2200, 327),
    (2400, 331),
    (2600, 335),
    (2800, 338),
    (3000, 341),
    (3500, 346),
    (4000, 351),
    (4500, 354),
    (5000, 357),
    (6000, 361),
    (7000, 364),
    (8000, 367),
    (9000, 368),
    (10000, 370),
    (15000, 375),
    (20000, 377),
    (30000, 379),
    (40000, 380),
    (50000, 381),
    (75000, 382),
    (1000000, 384),
)
_KM_POPULATIONS = [row[0] for row in KREJCIE_MORGAN]


def required_sample(population: int) -> int:
    """The table's sample for the smallest listed population at least this large.

    Below 10 everyone is asked; above the last row the table's 384 holds.
    """
    if population <= 0:
        return 0
    if population < 10:
        return population
    index = bisect_left(_KM_POPULATIONS, population)
    if index >= len(KREJCIE_MORGAN):
        return KREJCIE_MORGAN[-1][1]
    return KREJCIE_MORGAN[index][1]


def thousands(value: int) -> str:
    """1000 -> "1.000" as Indonesian writes it."""
    return f"{value:,}".replace(",", ".")
