"""The message forms of the portal and the staff pages; the rules themselves are in actions.py
(both doors, and the API, get the same answers)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from confide.messaging import files
from confide.messaging.actions import BODY_MAX, SUBJECT_MAX, TITLE_MAX
from confide.messaging.models import Kind, Party

FILE_HELP = "A PDF, a picture (PNG, JPEG, GIF or WebP) or a plain text file, up to {mb} MB."


class FileField(forms.FileField):
    """A file read into an `files.Upload`, refused unread when it is too large."""

    def clean(self, data: Any, initial: Any = None) -> files.Upload | None:
        uploaded = super().clean(data, initial)
        if not uploaded:
            return None
        if uploaded.size > files.max_bytes():
            raise ValidationError(files.too_big_message())
        return files.Upload(data=uploaded.read(), filename=uploaded.name or "")


def _file_field(label: str) -> FileField:
    from django.conf import settings

    return FileField(
        label=label,
        required=False,
        help_text=FILE_HELP.format(mb=settings.CONFIDE_UPLOAD_MAX_MB),
        allow_empty_file=True,  # the action says "The file is empty." in its own words
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Your message", max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"] = _file_field("Attach a file")
        self.order_fields(self.field_order)


class NewThreadForm(ReplyForm):
    subject = forms.CharField(label="Subject", max_length=SUBJECT_MAX)
    field_order = ["subject", "body", "file"]


class StaffReplyForm(ReplyForm):
    body = forms.CharField(
        label="Message",
        required=False,
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="May be left empty when you share a file.",
    )
    kind = forms.ChoiceField(label="What the file is", choices=Kind.choices, initial=Kind.OTHER)
    title = forms.CharField(
        label="Title of the file",
        required=False,
        max_length=TITLE_MAX,
        help_text="What the client sees, e.g. “Thought record (CBT homework)”.",
    )
    field_order = ["body", "file", "kind", "title"]


class StaffNewThreadForm(StaffReplyForm):
    party = forms.ChoiceField(label="With", choices=Party.choices, initial=Party.CLIENT)
    subject = forms.CharField(label="Subject", max_length=SUBJECT_MAX)
    field_order = ["party", "subject", "body", "file", "kind", "title"]

    def __init__(self, *args: Any, parties: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [c for c in Party.choices if parties is None or c[0] in parties]
        party = self.fields["party"]
        assert isinstance(party, forms.ChoiceField)
        party.choices = choices
        if len(choices) <= 1:  # nobody to choose between: the thread is with the client
            del self.fields["party"]
