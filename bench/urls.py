"""Confide's URLs plus the baseline: a bare Django JSON view that parses the same request."""

import json

from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from confide.urls import urlpatterns as confide_urls


@csrf_exempt
@require_POST
def bare_score(request: HttpRequest, code: str) -> JsonResponse:
    """The floor: read the JSON, check the list of ints, sum it. No validation framework, no
    instrument definition, no bands: what any JSON endpoint must do at the least."""
    body = json.loads(request.body)
    responses = body["responses"]
    if not isinstance(responses, list) or not all(isinstance(r, int) for r in responses):
        return JsonResponse({"detail": "bad"}, status=422)
    return JsonResponse({"instrument": code, "total": sum(responses)})


urlpatterns = [path("bench/bare/<str:code>/score", bare_score), *confide_urls]
