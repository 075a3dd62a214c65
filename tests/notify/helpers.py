"""Signed webhook requests, as the text-message provider sends them."""

from __future__ import annotations

from itertools import count

from twilio.request_validator import RequestValidator

URL = "http://testserver/sms/inbound/"
_sids = count(1)


def signed_post(client, params: dict, *, secret: str = "test-webhook-secret", url: str = URL):
    """POST a Twilio-format webhook, signed with `secret` the way Twilio signs."""
    params = {"MessageSid": f"SM{next(_sids):032d}", "To": "+12035550100", **params}
    signature = RequestValidator(secret).compute_signature(url, params)
    return client.post("/sms/inbound/", params, HTTP_X_TWILIO_SIGNATURE=signature)
