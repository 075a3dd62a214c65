"""API routes for interop (see shared/design/API.md)."""

from ninja import Router

from confide.api.auth import token_auth

router = Router(auth=token_auth, tags=["interop"])
