"""Files in messages: checked by their content, encrypted, kept in the private storage.

- The type is read from the file's first bytes (the `filetype` package's magic numbers), never
  from its name or the browser's word: PDF, PNG, JPEG, GIF, WebP, or plain UTF-8 text.
- Each file is encrypted with the note keys (Fernet, as session notes are) before it is stored,
  so neither a copied disk nor a misconfigured bucket shows a client's letter.
- It is stored in `STORAGES["private"]` (a directory of its own, or an object-storage bucket
  through django-storages) under a random name. Nothing serves that storage directly: the
  messaging views check who is asking, audit the look, and decrypt.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages

from confide.ipt.crypto import fernet

# The types a message may carry, and the file ending each is given.
ALLOWED: dict[str, str] = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "text/plain": ".txt",
}
ENDINGS: dict[str, tuple[str, ...]] = {"image/jpeg": (".jpg", ".jpeg"), "text/plain": (".txt",)}
# Control characters that plain text does not contain (tab, line breaks and form feed do).
_CONTROL = {chr(c) for c in range(32)} - {"\t", "\n", "\r", "\f"} | {"\x7f"}


@dataclass(frozen=True)
class Upload:
    """A file as a person sent it: its bytes and the name it had on their machine."""

    data: bytes
    filename: str


def max_bytes() -> int:
    return int(settings.CONFIDE_UPLOAD_MAX_MB) * 1024 * 1024


def too_big_message() -> str:
    return f"The file is larger than {settings.CONFIDE_UPLOAD_MAX_MB} MB."


def is_plain_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return not any(c in _CONTROL for c in text)


def sniff(data: bytes, field: str = "file") -> str:
    """The file's type, read from its content; a ValidationError naming `field` when it is
    empty, too large, or not one Confide accepts."""
    if not data:
        raise ValidationError({field: "The file is empty."})
    if len(data) > max_bytes():
        raise ValidationError({field: too_big_message()})
    kind = filetype.guess(data)
    if kind is not None:
        if kind.mime in ALLOWED:
            return kind.mime
        raise ValidationError(
            {field: f"Files of this type ({kind.extension}) cannot be sent. {accepted_text()}"}
        )
    if is_plain_text(data):
        return "text/plain"
    raise ValidationError({field: f"This file's type could not be recognised. {accepted_text()}"})


def accepted_text() -> str:
    return "Send a PDF, a picture (PNG, JPEG, GIF or WebP) or a plain text file."


def clean_filename(name: str, content_type: str) -> str:
    """The last part of the name as sent (no folders), ending as its real type does."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name.strip()
    base = "".join(c for c in base if c.isprintable() and c not in '"\\/:*?<>|')[:120]
    base = base.strip(". ") or "document"
    endings = ENDINGS.get(content_type, (ALLOWED[content_type],))
    if not base.lower().endswith(endings):
        base += ALLOWED[content_type]
    return base


def private_storage() -> Storage:
    """Whichever backend `STORAGES["private"]` names (a directory, or a bucket)."""
    return storages["private"]


@dataclass(frozen=True)
class Stored:
    blob: str
    content_type: str
    size: int
    sha256: str
    filename: str


def store(upload: Upload, field: str = "file") -> Stored:
    """Check, encrypt and store one file; return where and what it is."""
    content_type = sniff(upload.data, field)
    token = fernet().encrypt(upload.data)
    name = private_storage().save(f"{secrets.token_hex(20)}.bin", ContentFile(token))
    return Stored(
        blob=name,
        content_type=content_type,
        size=len(upload.data),
        sha256=hashlib.sha256(upload.data).hexdigest(),
        filename=clean_filename(upload.filename, content_type),
    )


def read(blob: str) -> bytes:
    """The decrypted content of a stored file."""
    with private_storage().open(blob, "rb") as f:
        return fernet().decrypt(f.read())


def discard(blob: str) -> None:
    """Remove a file stored for a change that did not happen (the transaction rolled back)."""
    private_storage().delete(blob)


def rotate_all() -> int:
    """Re-encrypt every stored file under the first note key (manage.py rotate_note_keys).

    Each file is written under a new name and the row pointed at it before the old one is
    removed, so a run killed half-way leaves at worst an unused file, never a missing one."""
    from confide.messaging.models import Attachment

    storage = private_storage()
    count = 0
    for pk, old in Attachment.objects.values_list("pk", "blob").iterator():
        with storage.open(old, "rb") as f:
            rotated = fernet().rotate(f.read())
        new = storage.save(f"{secrets.token_hex(20)}.bin", ContentFile(rotated))
        if Attachment.objects.filter(pk=pk, blob=old).update(blob=new):
            storage.delete(old)
            count += 1
        else:  # changed meanwhile: keep what the row names
            storage.delete(new)
    return count
