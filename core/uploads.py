"""Checks on uploaded evidence and scans: the declared type must match the content, and size."""

import contextvars
from contextlib import contextmanager

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from core.errors import DomainError

ZIP_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/zip",
    "application/ofd",
}
OLE_TYPES = {"application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"}
SIGNATURES = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    **{kind: (b"PK\x03\x04",) for kind in ZIP_TYPES},
    **{kind: (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",) for kind in OLE_TYPES},
}
TEXT_TYPES = {"text/plain"}
ALLOWED_TYPES = set(SIGNATURES) | TEXT_TYPES


def checked_upload(upload):
    """Return (content_type, size) of an acceptable upload, or raise DomainError saying why not."""
    size = upload.size
    if size == 0:
        raise DomainError(_("The file %(name)s is empty.") % {"name": upload.name}, code="upload")
    if size > settings.UPLOAD_MAX_BYTES:
        raise DomainError(
            _("The file %(name)s is %(size)s; the limit is %(limit)s.")
            % {
                "name": upload.name,
                "size": filesizeformat(size),
                "limit": filesizeformat(settings.UPLOAD_MAX_BYTES),
            },
            code="upload",
        )
    declared = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    if declared not in ALLOWED_TYPES:
        raise DomainError(
            _(
                "Files of type %(type)s are not accepted; "
                "upload PDF, images, Office documents or text."
            )
            % {"type": declared or _("unknown")},
            code="upload",
        )
    head = _read_head(upload)
    if not _content_matches(declared, head):
        raise DomainError(
            _("The content of %(name)s does not match its type %(type)s.")
            % {"name": upload.name, "type": declared},
            code="upload",
        )
    return declared, size


def _read_head(upload):
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    return head


def _content_matches(declared, head):
    if declared in TEXT_TYPES:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            # A multi-byte character may be cut at the end of the sample.
            return error.start >= len(head) - 3
        return b"\x00" not in head
    return head.startswith(SIGNATURES[declared])


_stored_during_action = contextvars.ContextVar("xunshi_stored_files", default=None)


def remember_stored(field_file):
    """Note a file just written to storage, so a failed action can take it back."""
    stored = _stored_during_action.get()
    if stored is not None:
        stored.append((field_file.storage, field_file.name))


@contextmanager
def files_kept_only_on_success():
    """Files written by an action that then fails are removed: a rolled-back transaction must
    not leave confidential evidence on disk with nothing pointing at it."""
    stored = []
    token = _stored_during_action.set(stored)
    try:
        yield
    except BaseException:
        for storage, name in stored:
            storage.delete(name)
        raise
    finally:
        _stored_during_action.reset(token)
