"""Crisis lines in templates, from the one setting (confide/practice/crisis.py).

{% load crisis %}
If you are in crisis, {% crisis_line %}, or call {% emergency %} in an emergency.
{% crisis_line named=True as line %}{{ line|capfirst }}
{% get_crisis as crisis %}{% for line in crisis.lines %}...{% endfor %}
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from confide.practice.crisis import Crisis, crisis

register = template.Library()


@register.simple_tag
def get_crisis() -> Crisis:
    return crisis()


@register.simple_tag
def crisis_line(named: bool = False) -> SafeString:
    """How to reach the line to lead with: 'call or text <a href="tel:988">988</a>'."""
    line = crisis().main
    if named:
        return format_html("{} ({})", line.how_html(), line.name)
    return line.how_html()


@register.simple_tag
def emergency() -> SafeString:
    """The emergency number as a link: '<a href="tel:911">911</a>'."""
    return crisis().emergency_html()


@register.simple_tag
def crisis_lines() -> SafeString:
    """Every line, named: 'call or text 988 (the ...), text HOME to 741741 (the ...)'."""
    return SafeString(
        ", ".join(format_html("{} ({})", line.how_html(), line.name) for line in crisis().lines)
    )


@register.filter
def with_crisis_line(text: str) -> str:
    """Fill in {crisis_line} in a text that names it: 'the ... Lifeline (call or text 988)'."""
    line = crisis().main
    return str(text).replace("{crisis_line}", f"{line.name} ({line.how()})")
