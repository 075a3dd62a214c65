"""Records are kept CONFIDE_RETENTION_YEARS after the last contact (minors until
CONFIDE_RETENTION_MINOR_UNTIL_AGE); a command lists what is due, and deletes nothing."""

from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from confide.practice.models import Client
from confide.practice.retention import add_years, keep_until


def test_an_adults_record_is_kept_seven_years_after_the_last_contact():
    until = keep_until(
        last_contact=date(2020, 5, 1), born=date(1980, 1, 1), first_contact=date(2019, 1, 1),
        years=7, minor_until_age=22,
    )  # fmt: skip
    assert until == date(2027, 5, 1)


def test_a_child_seen_young_is_kept_until_their_22nd_birthday_if_that_is_later():
    until = keep_until(
        last_contact=date(2012, 6, 1), born=date(2002, 9, 15), first_contact=date(2011, 1, 1),
        years=7, minor_until_age=22,
    )  # fmt: skip
    assert until == date(2024, 9, 15)


def test_leap_days_fall_back_to_february_28():
    assert add_years(date(2024, 2, 29), 7) == date(2031, 2, 28)


@given(
    last=st.dates(date(1990, 1, 1), date(2030, 1, 1)),
    born=st.dates(date(1940, 1, 1), date(2020, 1, 1)),
    years=st.integers(6, 30),
)
def test_a_record_is_never_released_before_the_years_have_passed(last, born, years):
    until = keep_until(
        last_contact=last, born=born, first_contact=last, years=years, minor_until_age=22
    )
    assert until >= add_years(last, years)


@pytest.mark.django_db
def test_the_command_lists_records_past_retention_and_deletes_nothing(places):
    from confide.practice.models import Clinician
    from confide.scheduling.models import Appointment

    old = Client.objects.create(
        first_name="Old", last_name="Record", date_of_birth=date(1960, 1, 1)
    )
    young = Client.objects.create(
        first_name="Young", last_name="Record", date_of_birth=date(2008, 6, 1)
    )
    Client.objects.create(first_name="Recent", last_name="Record", date_of_birth=date(1970, 1, 1))
    long_ago = datetime(2017, 3, 1, 15, tzinfo=ZoneInfo("America/New_York"))
    Client.objects.filter(pk__in=[old.pk, young.pk]).update(created_at=long_ago)
    clinician = Clinician.objects.create(first_name="A", last_name="B")
    Appointment.objects.create(
        clinician=clinician, client=old, start=long_ago, end=long_ago + timedelta(minutes=50),
        format="virtual", status="attended",
    )  # fmt: skip
    out = StringIO()
    call_command("records_past_retention", "--as-of", "2026-12-01", stdout=out)
    text = out.getvalue()
    assert "Old Record" in text and "last contact 2017-03-01, kept until 2024-03-01" in text
    assert "Young Record" not in text  # seen at 8: kept until 2030, the 22nd birthday
    assert "Recent Record" not in text and "Nothing has been deleted." in text
    assert Client.objects.count() == 3
    csv_out = StringIO()
    call_command("records_past_retention", "--as-of", "2031-01-01", "--csv", stdout=csv_out)
    assert "Young Record" in csv_out.getvalue()


def test_a_bad_date_is_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("records_past_retention", "--as-of", "soon")
