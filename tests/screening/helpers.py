"""Walk the public check with Django's test client, as a browser without JavaScript would."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

QUESTIONS = reverse("screening:questions")


def start(client: Client, audience: str = "adult", layout: str = "paged", loneliness=False):
    data = {"audience": audience, "layout": layout, "step": "0"}
    if loneliness:
        data["loneliness"] = "on"
    return client.post(QUESTIONS, data)


def carried_fields(response) -> dict[str, str]:
    """Every hidden input of the page's form, as the browser would send it back."""
    import re

    html = response.content.decode()
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


def answer(client: Client, response, code: str, positions, extras=None):
    data = carried_fields(response)
    data.pop("csrfmiddlewaretoken", None)
    data["action"] = "answer"
    for number, position in enumerate(positions, start=1):
        if position is not None:
            data[f"{code}-item_{number}"] = str(position)
    for key, position in (extras or {}).items():
        data[f"{code}-extra_{key}"] = str(position)
    return client.post(QUESTIONS, data)
