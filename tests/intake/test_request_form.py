"""The public request form: validation naming fields, protection, the code, the email."""

import pytest
from django.core import mail

from confide.audit.models import AuditEvent
from confide.intake.models import ConsultationRequest, RequestEvent
from tests.factories import keep_screening, valid_post

pytestmark = pytest.mark.django_db
URL = "/request/"


def test_the_form_offers_the_seeds_concerns_and_the_practices_days(client, places):
    html = client.get(URL).content.decode()
    seed_words = [
        "Relationship conflicts",
        "Grief or loss",
        "Parenting or postpartum",
        "Work stress or burnout",
        "School or bullying",
        "Loneliness or difficulty",
    ]
    assert all(words in html for words in seed_words)
    assert "Saturday" in html and "Sunday" not in html
    assert "Mon – Sat: 8am to 8pm" in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_a_complete_request_is_stored_and_confirmed(client, places):
    response = client.post(URL, valid_post())
    assert response.status_code == 302 and response["Location"] == "/request/sent/"
    cr = ConsultationRequest.objects.get()
    assert (cr.first_name, cr.status, cr.urgent) == ("Marisol", "new", False)
    assert cr.concerns == ["life_transition", "loneliness"]
    assert cr.days == [1, 3] and cr.location.slug == "greenwich"
    assert RequestEvent.objects.get().to_status == "new"
    page = client.get("/request/sent/").content.decode()
    assert "your request is sent" in page
    assert 'class="crisis"' not in page
    # The audit row says what happened, not what was written.
    event = AuditEvent.objects.get(object_type="consultationrequest")
    assert "barely" not in event.detail and "Marisol" not in event.detail


def test_the_confirmation_email_holds_no_health_details(client, places):
    code, _ = keep_screening(phq9=(3, 3, 3, 3, 3, 3, 3, 3, 0))
    client.post(URL, valid_post(code=code, concerns=["trauma", "grief_loss"]))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["marisol@example.com"]
    text = (message.subject + message.body).lower()
    assert "marisol" in text
    for detail in ("trauma", "grief", "barely know", "phq", "score", "severe", "depress",
                   "anxiety", "loneliness", "transition"):  # fmt: skip
        assert detail not in text, detail


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"first_name": ""}, "first_name", "Enter your first name."),
        ({"email": "not-an-email"}, "email", "name@example.com"),
        ({"email": "", "preferred_contact": "email"}, "email", "so that we can email you"),
        ({"phone": "", "preferred_contact": "text"}, "phone", "so that we can reach you"),
        ({"concerns": []}, "concerns", "Choose at least one"),
        ({"concerns": ["astrology"]}, "concerns", "Select a valid choice"),
        ({"days": ["6"]}, "days", "Select a valid choice"),
        ({"days": []}, "days", "Choose at least one day"),
        ({"day_parts": []}, "day_parts", "Choose at least one time of day"),
        ({"format": "carrier pigeon"}, "format", "Select a valid choice"),
        ({"location": "atlantis"}, "location", "Choose one of our offices"),
        ({"consent": None}, "consent", "Agree that we may contact you"),
        ({"for_whom": "child"}, "their_first_name", "Enter your child's first name."),
        (
            {"for_whom": "child", "their_first_name": "Ned"},
            "age_group",
            "Choose the age group of your child",
        ),
        ({"date_of_birth": "2999-01-01"}, "date_of_birth", "in the future"),
    ],
)
def test_bad_input_is_a_422_naming_the_field_and_keeps_what_was_typed(
    client, places, changes, field, message
):
    response = client.post(URL, valid_post(**changes))
    assert response.status_code == 422
    html = response.content.decode()
    form = response.context["form"]
    assert field in form.errors and message in " ".join(form.errors[field])
    assert 'class="error-summary"' in html
    assert f'href="#id_{field}' in html
    assert 'value="Quenby"' in html  # nothing typed is lost
    assert ConsultationRequest.objects.count() == 0
    assert mail.outbox == []


def test_the_honeypot_looks_like_success_and_stores_nothing(client, places):
    response = client.post(URL, valid_post(website="http://spam.example"))
    assert response.status_code == 302
    assert ConsultationRequest.objects.count() == 0
    assert mail.outbox == []


def test_too_many_requests_from_one_address_get_a_429(client, places):
    for _ in range(5):
        assert client.post(URL, valid_post(first_name="")).status_code == 422
    response = client.post(URL, valid_post())
    assert response.status_code == 429
    assert "Retry-After" in response
    assert ConsultationRequest.objects.count() == 0
    # Reading the form does not use up the budget.
    assert client.get(URL).status_code == 200


def test_a_kept_code_attaches_the_screening_and_is_claimed(client, places):
    code, kept = keep_screening(phq9=(2, 2, 2, 2, 2, 2, 2, 1, 0))
    response = client.post(URL, valid_post(code=code.lower().replace("-", " ")))
    assert response.status_code == 302
    cr = ConsultationRequest.objects.get()
    kept.refresh_from_db()
    assert cr.kept_screening == kept and kept.claimed_at is not None
    assert cr.severity == 3  # PHQ-9 of 15 is moderately severe
    assert not cr.urgent


@pytest.mark.parametrize(
    "kind, message",
    [
        ("unknown", "We could not find that code"),
        ("expired", "This code has expired"),
        ("claimed", "This code has already been used."),
    ],
)
def test_a_bad_code_is_a_clear_field_error(client, places, kind, message):
    if kind == "unknown":
        code = "ABCDE-FGHJK"
    else:
        code, _ = keep_screening(expired=kind == "expired", claimed=kind == "claimed")
    response = client.post(URL, valid_post(code=code))
    assert response.status_code == 422
    assert message in " ".join(response.context["form"].errors["code"])
    assert ConsultationRequest.objects.count() == 0


def test_a_code_used_once_cannot_be_used_again(client, places):
    code, _ = keep_screening()
    assert client.post(URL, valid_post(code=code)).status_code == 302
    response = client.post(URL, valid_post(code=code))
    assert response.status_code == 422
    assert "already been used" in response.content.decode()


def test_a_risk_flag_on_the_screening_makes_it_urgent_and_shows_crisis_help_first(client, places):
    code, _ = keep_screening(phq9=(1, 1, 1, 1, 1, 1, 1, 1, 2))
    client.post(URL, valid_post(code=code))
    assert ConsultationRequest.objects.get().urgent
    html = client.get("/request/sent/").content.decode()
    assert html.index('class="crisis"') < html.index("<h1")
    assert 'href="tel:988"' in html and 'href="tel:911"' in html


def test_danger_words_in_the_free_text_make_it_urgent(client, places):
    client.post(URL, valid_post(details="Honestly some days I want to die."))
    cr = ConsultationRequest.objects.get()
    assert cr.urgent and "want to die" in cr.urgent_reasons[0]
    assert 'class="crisis"' in client.get("/request/sent/").content.decode()


def test_the_confirmation_page_without_a_request_goes_back_to_the_form(client, places):
    assert client.get("/request/sent/")["Location"] == "/request/"


def test_a_request_for_a_child_keeps_the_childs_name(client, places):
    data = valid_post(
        for_whom="child", their_first_name="Ned", age_group="adolescents",
        concerns=["school_bullying"],
    )  # fmt: skip
    assert client.post(URL, data).status_code == 302
    cr = ConsultationRequest.objects.get()
    assert cr.client_name == "Ned Quenby"


def test_the_form_needs_its_csrf_token(places):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(URL, valid_post()).status_code == 403
    assert ConsultationRequest.objects.count() == 0
