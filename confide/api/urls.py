"""The JSON API, version 1: the public contract in shared/design/API.md."""

from ninja import NinjaAPI

from confide.api import errors
from confide.api.billing import router as billing_router
from confide.api.instruments import router as instruments_router
from confide.api.intake import router as intake_router
from confide.api.interop import router as interop_router
from confide.api.ipt import router as ipt_router
from confide.api.messaging import router as messaging_router
from confide.api.outcomes import router as outcomes_router
from confide.api.practice import router as practice_router
from confide.api.scheduling import router as scheduling_router

api = NinjaAPI(
    title="Confide API",
    version="1",
    description="The public contract of Confide, a practice system for Interpersonal "
    "Psychotherapy.",
    urls_namespace="api-v1",
)
errors.install(api)
api.add_router("/instruments", instruments_router)
api.add_router("/auth", "confide.api.auth.router")
api.add_router("", practice_router)
api.add_router("", intake_router)
api.add_router("", scheduling_router)
api.add_router("", ipt_router)
api.add_router("", outcomes_router)
api.add_router("", interop_router)
api.add_router("", billing_router)
api.add_router("", messaging_router)
