"""Images attached to a post: checking an upload by its content (never its name), keeping it under the data
folder by its SHA-256, replacing a post's images in order, and what the engine (`core_media`: alt text and
credit) and the publishers (`publishing_media`: bytes, type and alt text) see of them."""

from __future__ import annotations

import hashlib
import os
import tempfile
import warnings
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import IO, Sequence

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from socialguard import publishing
from socialguard.model import Media

from .models import PostDraft, PostMedia

MAX_MEDIA = 4  # images per post (X's limit, the lowest of the networks)
MAX_PIXELS = 50_000_000  # larger images are refused before they are decoded (decompression bombs)
TYPES = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "GIF": ("image/gif", "gif"),
         "WEBP": ("image/webp", "webp")}


class MediaRejected(ValueError):
    """An upload that is not an image this app accepts; the message names the file and says why."""


@dataclass(frozen=True)
class StoredFile:
    """An accepted image, written under `SOCIALGUARD_MEDIA_DIR`."""

    file: str  # the path under the media folder
    name: str
    mime: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Attachment:
    """One image as the compose form gives it: one the post already has (`keep`, its `PostMedia` id) or a new
    upload (`stored`), with its alt text and credit."""

    alt: str
    credit: str
    keep: int | None = None
    stored: StoredFile | None = None


def store_upload(upload: IO[bytes], name: str, size: int) -> StoredFile:
    """Check that `upload` is a JPEG, PNG, GIF or WebP image of at most `SOCIALGUARD_MAX_MEDIA_BYTES` (by its
    content) and keep it; MediaRejected otherwise."""
    limit = settings.SOCIALGUARD_MAX_MEDIA_BYTES
    if size > limit:
        raise MediaRejected(_("%(name)s is %(size)s; the limit is %(limit)s.") % {
            "name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)})
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise MediaRejected(_("%(name)s is larger than %(limit)s.") % {"name": name, "limit": filesizeformat(limit)})
    mime, extension = _image_type(data, name)
    sha256 = hashlib.sha256(data).hexdigest()
    relative = f"{sha256[:2]}/{sha256}.{extension}"
    _write_once(Path(settings.SOCIALGUARD_MEDIA_DIR) / relative, data)
    return StoredFile(file=relative, name=name[:200], mime=mime, sha256=sha256, size=len(data))


def _image_type(data: bytes, name: str) -> tuple[str, str]:
    """The MIME type and file extension of the image in `data`, read from its content and fully decoded once."""
    not_an_image = MediaRejected(_("%(name)s is not a JPEG, PNG, GIF or WebP image.") % {"name": name})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data)) as image:
                # WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES on import, after which `load()`
                # fills a cut-off file with blank pixels; `verify()` still reads every chunk and checks it.
                image.verify()
            with Image.open(BytesIO(data)) as image:
                if image.format not in TYPES:
                    raise not_an_image
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise MediaRejected(_("%(name)s is %(width)s × %(height)s pixels; the limit is %(limit)s "
                                          "million pixels.") % {"name": name, "width": width, "height": height,
                                                                "limit": MAX_PIXELS // 1_000_000})
                image.load()
                return TYPES[image.format]
    except MediaRejected:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning, OSError,
            SyntaxError, ValueError, EOFError) as exc:
        raise not_an_image from exc


def _write_once(path: Path, data: bytes) -> None:
    """Write `data` to `path` unless it is there (same name, same content); atomically, readable by the owner."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def path_of(media: PostMedia) -> Path:
    """Where the file of `media` is on disk."""
    return Path(settings.SOCIALGUARD_MEDIA_DIR) / media.file


def attach(post: PostDraft, attachments: Sequence[Attachment]) -> None:
    """Make `attachments` the post's images, in this order: kept ones get their new alt text, credit and place,
    new ones are added, the others are removed."""
    kept = {a.keep for a in attachments if a.keep is not None}
    post.media.exclude(pk__in=kept).delete()
    existing = {m.pk: m for m in post.media.all()}
    for order, attachment in enumerate(attachments):
        if attachment.keep is not None:
            media = existing[attachment.keep]
            media.alt, media.credit, media.order = attachment.alt, attachment.credit, order
            media.save(update_fields=["alt", "credit", "order"])
        elif attachment.stored is not None:
            stored = attachment.stored
            PostMedia.objects.create(post=post, file=stored.file, name=stored.name, mime=stored.mime,
                                     sha256=stored.sha256, size=stored.size, alt=attachment.alt,
                                     credit=attachment.credit, order=order)


def media_changed(post: PostDraft, attachments: Sequence[Attachment]) -> bool:
    """Whether `attachments` differ from the post's images (a new one, one fewer, another order, alt or credit)."""
    now = [(m.pk, m.alt, m.credit) for m in post.media.all()]
    return [(a.keep if a.stored is None else None, a.alt, a.credit) for a in attachments] != now


def core_media(post: PostDraft) -> list[Media]:
    """The post's images as the engine checks them: alt text and credit (none for a post not saved yet)."""
    if post.pk is None:
        return []
    return [engine_media(m.alt, m.credit) for m in post.media.all()]


def engine_media(alt: str, credit: str) -> Media:
    """One image as the engine sees it (empty alt text or credit: none)."""
    return Media(kind="image", alt=alt.strip() or None, credit=credit.strip() or None)


def publishing_media(post: PostDraft) -> tuple[publishing.Media, ...]:
    """The post's images as a network receives them: bytes, type and alt text."""
    return tuple(publishing.Media(data=path_of(m).read_bytes(), mime=m.mime, alt=m.alt) for m in post.media.all())
