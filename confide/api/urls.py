"""The JSON API, version 1: the public contract in shared/design/API.md."""

from ninja import NinjaAPI

from confide.api import errors
from confide.api.instruments import router as instruments_router

api = NinjaAPI(
    title="Confide API",
    version="1",
    description="The public contract of Confide, a practice system for Interpersonal "
    "Psychotherapy.",
    urls_namespace="api-v1",
)
errors.install(api)
api.add_router("/instruments", instruments_router)
