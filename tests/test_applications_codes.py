"""Tracking codes and NIK checks: pure functions, with property tests."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mpp_lite.applications import codes
from mpp_lite.applications.nik import PROVINCES, check_nik

payloads = st.text(alphabet=codes.ALPHABET, min_size=8, max_size=8)
# A busy CI machine must not turn a slow draw into a failure: these tests are about correctness.
robust = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_new_codes_are_nine_symbols_from_the_alphabet_and_valid():
    seen = {codes.new_code() for _ in range(500)}
    assert len(seen) == 500
    for code in seen:
        assert len(code) == 9 and set(code) <= set(codes.ALPHABET)
        assert codes.is_valid(code)
        assert codes.normalise(codes.display(code)) == code


def test_display_groups_four_four_one():
    assert codes.display("7K3Q9XWD6") == "7K3Q-9XWD-6"


@robust
@given(payloads, st.integers(0, 8), st.sampled_from(codes.ALPHABET))
def test_every_single_character_substitution_is_detected(payload, position, symbol):
    code = payload + codes.check_symbol(payload)
    if code[position] == symbol:
        return
    typo = code[:position] + symbol + code[position + 1 :]
    assert not codes.is_valid(typo)
    with pytest.raises(codes.CodeCheckError):
        codes.normalise(typo)


def test_most_adjacent_swaps_are_detected():
    detected = total = 0
    for a in codes.ALPHABET:
        for b in codes.ALPHABET:
            if a == b:
                continue
            for position in range(8):
                payload = list("0000000" + "0")
                payload[position] = a
                if position + 1 < 8:
                    payload[position + 1] = b
                code = "".join(payload) + codes.check_symbol("".join(payload))
                swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
                total += 1
                detected += not codes.is_valid(swapped)
    assert detected / total > 0.95


@robust
@given(payloads)
def test_input_is_tolerant_of_case_dashes_spaces_and_lookalikes(payload):
    code = payload + codes.check_symbol(payload)
    typed = f" {code[:4].lower()} - {code[4:8]}  {code[8:]} ".replace("0", "o").replace("1", "l")
    assert codes.normalise(typed) == code


def test_wrong_length_or_symbols_are_format_errors():
    for text in ("", "ABC", "7K3Q-9XWD-66", "7K3Q-9XWD-U", "7K3Q-9XWD-*"):
        with pytest.raises(codes.CodeFormatError):
            codes.normalise(text)


# --- NIK --------------------------------------------------------------------------------------


def test_thirty_eight_provinces_ship_as_data():
    assert len(PROVINCES) == 38
    assert PROVINCES["11"] == "Aceh" and PROVINCES["32"] == "Jawa Barat" and PROVINCES["65"] == "Kalimantan Utara"
    assert {"91", "92", "93", "94", "95", "96"} <= set(PROVINCES)


@pytest.mark.parametrize(
    "nik, part",
    [
        ("320101451290001", "length"),
        ("32010145129000011", "length"),
        ("32010145129O0001", "digits"),
        ("3201013202900001", "date"),  # 32 February
        ("3201012902010001", "date"),  # 29-02-2001: not a leap year
        ("3201017212900001", "date"),  # day 72: a woman's day goes up to 71
        ("3201010013900001", "date"),  # month 13... day 00
        ("3201014512900000", "serial"),
    ],
)
def test_invalid_nik_names_the_wrong_part(nik, part):
    result = check_nik(nik, date(2026, 3, 13))
    assert not result.valid
    assert result.part == part


def test_valid_nik_reads_birth_date_and_sex():
    woman = check_nik("3201014512900001", date(2026, 3, 13))
    assert woman.valid and woman.female and woman.birth_date == date(1990, 12, 5)
    man = check_nik("3201010512900001", date(2026, 3, 13))
    assert man.valid and man.female is False and man.birth_date == date(1990, 12, 5)
    leap = check_nik("3201012902000001", date(2026, 3, 13))
    assert leap.valid and leap.birth_date == date(2000, 2, 29)
    woman_leap = check_nik("3201016902000001", date(2026, 3, 13))
    assert woman_leap.valid and woman_leap.female and woman_leap.birth_date == date(2000, 2, 29)
    spaced = check_nik("3201 0145 1290 0001", date(2026, 3, 13))
    assert spaced.valid and spaced.nik == "3201014512900001"


def test_unknown_region_only_warns():
    result = check_nik("9901011010900001", date(2026, 3, 13))
    assert result.valid
    assert result.warnings and "99" in result.warnings[0]


@robust
@given(
    st.dates(min_value=date(1927, 1, 1), max_value=date(2025, 12, 31)),
    st.booleans(),
    st.sampled_from(sorted(PROVINCES)),
    st.integers(1, 9999),
)
def test_any_real_birth_date_and_positive_serial_is_valid(birth, female, province, serial):
    day = birth.day + (40 if female else 0)
    nik = f"{province}0101{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"
    result = check_nik(nik, date(2026, 3, 13))
    assert result.valid, result.errors
    assert result.birth_date == birth and result.female == female and not result.warnings
