"""A practice with permission loads EPDS or PHQ-A wording; only then is it offered."""

import json

import pytest
from django.core.management import CommandError, call_command

from confide import instruments
from confide.assessments.models import InstrumentWording
from tests.factories import answer, start

pytestmark = pytest.mark.django_db


def filled_template(code: str) -> dict:
    """Stand-in wording (placeholders, not the licensed text) in the practice's file format."""
    data = instruments.wording_template(instruments.get(code))
    data["stem"] = f"Stand-in stem for {code}"
    for key in ("items", "extra_items"):
        for item in data.get(key, []):
            item["text"] = f"Stand-in question {item.get('number', item.get('key'))}"
            for n, option in enumerate(item["options"]):
                option["label"] = f"Stand-in answer {n + 1}"
    return data


def write(tmp_path, data) -> str:
    path = tmp_path / "wording.json"
    path.write_text(json.dumps(data))
    return str(path)


def test_loading_a_valid_file_makes_the_epds_available(tmp_path, client):
    call_command("load_instrument_text", write(tmp_path, filled_template("epds")))
    assert InstrumentWording.objects.filter(instrument="epds").exists()
    listing = {i["code"]: i for i in client.get("/api/v1/instruments").json()}
    assert listing["epds"]["available"] is True


def test_a_file_with_a_missing_item_text_is_refused_and_names_it(tmp_path):
    data = filled_template("epds")
    data["items"][3]["text"] = ""
    with pytest.raises(CommandError, match=r"items\[3\]\.text: the text is missing"):
        call_command("load_instrument_text", write(tmp_path, data))
    assert not InstrumentWording.objects.exists()


def test_public_instruments_have_no_wording_to_load(tmp_path):
    data = filled_template("epds")
    data["instrument"] = "phq9"
    with pytest.raises(CommandError, match="own public wording"):
        call_command("load_instrument_text", write(tmp_path, data))


def test_an_unreadable_file_is_a_clear_error(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{nope")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("load_instrument_text", str(path))


def test_new_parents_get_the_epds_once_it_is_loaded(tmp_path, client):
    assert "Stand-in question" not in start(client, audience="parent").content.decode()
    call_command("load_instrument_text", write(tmp_path, filled_template("epds")))
    page = start(client, audience="parent")
    html = page.content.decode()
    assert "Stand-in question 1" in html
    # Position 0 on every EPDS item: 21 with the reverse items, and item 10 raises risk.
    page = answer(client, page, "epds", [0] * 10)
    page = answer(client, page, "gad7", [0] * 7)
    result = page.content.decode()
    assert "21 out of 30" in result
    assert 'class="crisis"' in result
