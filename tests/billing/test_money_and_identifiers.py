"""Money to the cent, NPI check digits, ICD-10-CM billable codes and service codes."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from confide.billing import codes, icd10, npi
from confide.billing.money import AmountError, as_string, format_usd, parse_amount, total


@pytest.mark.parametrize(
    ("text", "expected"),
    [("175.00", "175.00"), ("175", "175.00"), ("175.5", "175.50"), ("$1,175.25", "1175.25")],
)
def test_amounts_are_read_from_decimal_strings(text, expected):
    assert as_string(parse_amount(text)) == expected


@pytest.mark.parametrize("bad", [0.1, 175.0, "1.005", "abc", "", "NaN", "Infinity", None, True])
def test_floats_fractions_of_a_cent_and_junk_are_refused(bad):
    with pytest.raises(AmountError):
        parse_amount(bad)


def test_negative_and_zero_amounts_need_permission():
    with pytest.raises(AmountError, match="negative"):
        parse_amount("-20")
    assert parse_amount("-20", allow_negative=True) == Decimal("-20.00")
    with pytest.raises(AmountError, match="more than zero"):
        parse_amount("0")
    with pytest.raises(AmountError, match="more than"):
        parse_amount("100000.01")


def test_money_is_shown_as_people_read_it():
    assert format_usd(Decimal("1175")) == "$1,175.00"
    assert format_usd(Decimal("-20")) == "-$20.00"


@given(st.lists(st.decimals(min_value=0, max_value=10000, places=2), max_size=50))
def test_sums_are_exact_to_the_cent(amounts):
    cents_sum = sum(int(a * 100) for a in amounts)
    assert total(amounts) == Decimal(cents_sum) / 100


def test_the_cms_example_npi_is_valid_and_a_typo_is_caught():
    assert npi.is_valid_npi("1234567893")
    assert npi.check_digit("123456789") == 3
    assert not npi.is_valid_npi("1234567890")
    assert not npi.is_valid_npi("123456789")
    assert "ten digits" in npi.npi_problem("12345")
    assert "check digit" in npi.npi_problem("1234567890")


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_every_single_digit_typo_in_an_npi_is_caught(first_nine):
    good = first_nine + str(npi.check_digit(first_nine))
    assert npi.is_valid_npi(good)
    for i in range(10):
        for d in "0123456789":
            if d != good[i]:
                assert not npi.is_valid_npi(good[:i] + d + good[i + 1 :])


def test_a_category_is_refused_and_its_billable_leaf_accepted():
    with pytest.raises(icd10.CodeError, match="not billable"):
        icd10.check("F32")
    found = icd10.check("F32.1")
    assert found.code == "F32.1" and "single episode, moderate" in found.description
    assert icd10.check("f321").code == "F32.1"
    assert icd10.check("F32.A").code == "F32.A"


@pytest.mark.parametrize("bad", ["XYZ", "F99.99", "F4", "", "Q99.99"])
def test_unknown_codes_are_refused(bad):
    with pytest.raises(icd10.CodeError):
        icd10.check(bad)


def test_the_code_table_names_its_cdc_release():
    assert icd10.release().split()[-1].isdigit()


def test_time_based_psychotherapy_codes_follow_the_minutes():
    assert codes.psychotherapy_code(15) is None
    assert codes.psychotherapy_code(16) == "90832"
    assert codes.psychotherapy_code(37) == "90832"
    assert codes.psychotherapy_code(38) == "90834"
    assert codes.psychotherapy_code(52) == "90834"
    assert codes.psychotherapy_code(53) == "90837"
    assert codes.code_for_session("intake_consultation", 50) == "90791"
    assert codes.code_for_session("ipt_session", 50) == "90834"


def test_modifiers_and_codes_are_checked():
    assert codes.parse_modifiers("95, gt") == ["95", "GT"]
    with pytest.raises(ValueError, match="not a modifier"):
        codes.parse_modifiers("TELE")
    assert codes.code_problem("90834") == ""
    assert codes.code_problem("0362T") == ""
    assert codes.code_problem("9083") != ""
