"""The IKM index as PermenPANRB 14/2017 and DOMAIN.md state it: elements, NRR, weight, bands."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from mpp_lite.survey.ikm import (
    ELEMENT_CODES,
    ELEMENTS,
    KREJCIE_MORGAN,
    band_for,
    compute_ikm,
    ikm_from_answers,
    required_sample,
)

WORKED_TOTALS = dict(zip(ELEMENT_CODES, (105, 101, 100, 116, 102, 105, 106, 105, 115), strict=True))


def test_nine_elements_in_the_regulations_order_and_wording():
    assert [(e.code, e.official_name) for e in ELEMENTS] == [
        ("U1", "Persyaratan"),
        ("U2", "Sistem, Mekanisme, dan Prosedur"),
        ("U3", "Waktu Penyelesaian"),
        ("U4", "Biaya/Tarif"),
        ("U5", "Produk Spesifikasi Jenis Pelayanan"),
        ("U6", "Kompetensi Pelaksana"),
        ("U7", "Perilaku Pelaksana"),
        ("U8", "Penanganan Pengaduan, Saran dan Masukan"),
        ("U9", "Sarana dan Prasarana"),
    ]
    assert all(len(e.answers) == 4 for e in ELEMENTS)


def test_worked_example_with_exact_one_ninth_weight():
    result = compute_ikm(29, WORKED_TOTALS)
    assert result.ikm == Decimal("91.48")
    assert (result.band, result.label) == ("A", "Sangat Baik")
    assert result.nrr["U4"] == Fraction(116, 29)
    assert result.as_json()["nrr"]["U1"] == 3.621


def test_worked_example_with_published_weight_0_111():
    result = compute_ikm(29, WORKED_TOTALS, "0.111")
    assert result.ikm == Decimal("91.38")
    assert result.band == "A"
    assert result.as_json()["weight"] == 0.111


def test_worked_example_from_29_individual_questionnaires():
    # Spread each element's total over 29 answers of 1-4, then compute from the answers.
    answers = [{} for _ in range(29)]
    for code, total in WORKED_TOTALS.items():
        fours, rest = divmod(total - 29, 3)  # start everyone at 1, raise to 4 as far as it goes
        for index, answer in enumerate(answers):
            answer[code] = 4 if index < fours else (1 + rest if index == fours else 1)
    assert all(1 <= a[c] <= 4 for a in answers for c in ELEMENT_CODES)
    assert ikm_from_answers(answers).ikm == Decimal("91.48")


def test_all_fours_give_exactly_100_and_all_ones_25():
    assert compute_ikm(7, {code: 28 for code in ELEMENT_CODES}).ikm == Decimal("100.00")
    assert compute_ikm(7, {code: 7 for code in ELEMENT_CODES}).ikm == Decimal("25.00")
    assert compute_ikm(7, {code: 7 for code in ELEMENT_CODES}).band == "D"


@pytest.mark.parametrize(
    ("ikm", "band", "label"),
    [
        ("100.00", "A", "Sangat Baik"),
        ("88.31", "A", "Sangat Baik"),
        ("88.30", "B", "Baik"),
        ("76.61", "B", "Baik"),
        ("76.60", "C", "Kurang Baik"),
        ("65.00", "C", "Kurang Baik"),
        ("64.99", "D", "Tidak Baik"),
        ("25.00", "D", "Tidak Baik"),
    ],
)
def test_band_edges(ikm, band, label):
    assert band_for(Decimal(ikm)) == (band, label)


def test_band_is_decided_on_the_rounded_index():
    # Exactly 88.305 rounds half up to 88.31 -> A, though the raw value is below the edge.
    n = 5000
    grand_total = Fraction(88305, 1000) * n * 9 / 25  # IKM = sum(totals) / n / 9 * 25
    assert grand_total == 158949
    totals = dict.fromkeys(ELEMENT_CODES, 158949 // 9)
    totals["U9"] += 158949 - sum(totals.values())
    result = compute_ikm(n, totals)
    assert result.ikm == Decimal("88.31")
    assert result.band == "A"
    totals["U9"] -= 1  # one point less: 88.3050 -> 88.30 (B)
    assert compute_ikm(n, totals).ikm == Decimal("88.30")
    assert compute_ikm(n, totals).band == "B"


def test_no_responses_is_null_not_an_error():
    result = compute_ikm(0, {})
    assert result.ikm is None and result.band is None and result.n == 0
    assert result.as_json()["ikm"] is None
    assert result.as_json()["nrr"] == dict.fromkeys(ELEMENT_CODES)


@pytest.mark.parametrize(
    ("population", "sample"),
    [
        (100, 80),
        (300, 169),
        (1000, 278),
        (2000, 322),
        (10, 10),
        (50, 44),
        (500, 217),
        (5000, 357),
        (10000, 370),
        (100000, 384),
        (1000000, 384),
    ],
)
def test_krejcie_morgan_table(population, sample):
    assert required_sample(population) == sample


def test_krejcie_morgan_between_rows_takes_the_next_larger_population():
    assert required_sample(1001) == 285
    assert required_sample(5) == 5
    assert required_sample(0) == 0
    assert required_sample(5_000_000) == 384


def test_krejcie_morgan_table_follows_its_formula():
    # s = X^2 N P(1-P) / (d^2 (N-1) + X^2 P(1-P)), X^2 = 3.841, P = 0.5, d = 0.05
    for population, sample in KREJCIE_MORGAN:
        exact = 3.841 * population * 0.25 / (0.0025 * (population - 1) + 3.841 * 0.25)
        assert abs(exact - sample) <= 1, population
