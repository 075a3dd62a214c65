from typing import Any

from django import template

from confide.messaging.actions import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_messages(context: Any) -> int:
    """Messages waiting for the signed-in person (one query)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return unread_count(user)
