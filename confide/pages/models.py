"""The practice's public pages (Markdown the admin edits) and questions sent to its experts."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.safestring import SafeString

from confide.pages.rendering import render_markdown

# Pages with a route of their own; any other published page lives at /pages/<slug>/.
ROUTED_PAGES = {
    "home": "/",
    "ipt": "/ipt/",
    "who-we-help": "/ipt/#who-it-helps",
    "approaches": "/approaches/",
}


class PageQuerySet(models.QuerySet):
    def published(self) -> PageQuerySet:
        return self.filter(published=True)


class Page(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=120)
    summary = models.CharField(
        max_length=300,
        blank=True,
        help_text="One or two sentences shown under the title and to search engines.",
    )
    body = models.TextField(
        blank=True,
        help_text=(
            "Markdown. Start sections with ## (the title is the page's main heading). "
            "HTML is cleaned: scripts, styles and unknown tags are removed."
        ),
    )
    published = models.BooleanField(default=True)
    display_order = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["display_order", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        if self.slug in ROUTED_PAGES:
            return ROUTED_PAGES[self.slug]
        return reverse("pages:page", kwargs={"slug": self.slug})

    def body_html(self, heading_offset: int = 0) -> SafeString:
        return render_markdown(self.body, heading_offset=heading_offset)

    @property
    def section_html(self) -> SafeString:
        """The body one heading level down, for showing this page as a section of another."""
        return self.body_html(heading_offset=1)


class QuestionStatus(models.TextChoices):
    NEW = "new", "New"
    ANSWERED = "answered", "Answered"
    CLOSED = "closed", "Closed"


class ExpertQuestion(models.Model):
    """A question from the public "Ask our experts" form, for the intake coordinator's queue.

    The form cannot be sent without consent to be contacted, so every row carries that consent.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    question = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    status = models.CharField(
        max_length=20, choices=QuestionStatus.choices, default=QuestionStatus.NEW, db_index=True
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handled_expert_questions",
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        # No question text here: __str__ ends up in admin history and log lines.
        return f"Question from {self.name} ({self.created_at:%Y-%m-%d})"
