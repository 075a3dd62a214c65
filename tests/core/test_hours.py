from datetime import time

from confide.practice.hours import Opening, format_time, summarise


def test_consecutive_days_with_the_same_hours_fold_into_one_line():
    days = [Opening(d, time(8), time(20)) for d in range(6)]
    assert summarise(days) == ["Mon – Sat: 8am to 8pm"]


def test_different_hours_break_the_run():
    days = [
        Opening(0, time(8), time(20)),
        Opening(1, time(8), time(20)),
        Opening(5, time(9), time(13)),
    ]
    assert summarise(days) == ["Mon – Tue: 8am to 8pm", "Sat: 9am to 1pm"]


def test_times_read_as_people_write_them():
    assert format_time(time(12)) == "12pm"
    assert format_time(time(0)) == "12am"
    assert format_time(time(17, 30)) == "5:30pm"
