"""Uploaded documents: PDF only, size-checked, stored outside the web root and
handed out only to readers of the record they belong to."""

from __future__ import annotations

import hashlib
import os
import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, Storage
from django.db import models
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tadrib.core.models import TadribModel

PDF_MAGIC = b"%PDF-"


class PrivateStorage(FileSystemStorage):
    """Files under ``settings.PRIVATE_MEDIA_ROOT``, read at each use (so a
    deployment or a test may point it elsewhere); they have no URL."""

    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)


def private_storage() -> Storage:
    return PrivateStorage(base_url=None)


def validate_pdf(upload: Any) -> None:
    """Refuse anything but a PDF within the size limit, by content, not name."""
    limit = settings.MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            gettext("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )
    name = str(getattr(upload, "name", ""))
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(position)
    if not name.lower().endswith(".pdf") or head != PDF_MAGIC:
        raise ValidationError(gettext("Only PDF files are accepted."), code="not_pdf")


def stored_name(instance: StoredDocument, filename: str) -> str:
    """Where a file is kept: the model's folder, the year, a random name (the
    uploader's file name is never used as a path)."""
    return f"{instance.upload_folder}/{timezone.now():%Y}/{uuid.uuid4().hex}.pdf"


class StoredDocument(TadribModel):
    """A PDF attached to a record. Subclasses add the record's foreign key and
    set ``upload_to``."""

    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"),
        storage=private_storage,
        upload_to=stored_name,
        max_length=300,
        validators=[validate_pdf],
    )
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)

    upload_folder: ClassVar[str] = "documents"

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        upload = self.file.file if self.file and not self.file._committed else None
        if upload is not None:
            digest = hashlib.sha256()
            upload.seek(0)
            for chunk in iter(lambda: upload.read(1 << 16), b""):
                digest.update(chunk)
            upload.seek(0)
            self.sha256 = digest.hexdigest()
            self.size = self.file.size
        super().save(*args, **kwargs)


def download(document: StoredDocument) -> FileResponse:
    """The stored file as a download; the caller has already checked access."""
    handle = document.file.open("rb")
    filename = f"{document.title or 'document'}.pdf".replace("/", "-")
    return FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/pdf"
    )
