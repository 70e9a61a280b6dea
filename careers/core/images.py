"""Images as they are stored and served: decoded, re-encoded, sized, and cleaned up.

An uploaded or imported file is never stored as sent. A phone photo carries the
place it was taken (GPS), the camera's serial number and the author's name in
its metadata, and anything can be appended to an image's bytes (an HTML or PHP
"polyglot"). So every image is decoded in full and written again from its
pixels: EXIF orientation applied, colours converted to sRGB, all metadata
dropped, the long side scaled down to MAX_SIDE, under a random name that says
nothing about the article or the person. The pixel count is checked from the
header before anything is decoded, so a "decompression bomb" costs nothing.

Next to each stored image, WebP renditions at a few widths are written once, at
save time, under names derived from the stored name (`<name>.w640.webp`), so a
page lists them in `srcset` without touching storage.

SafeImageField does all of this on every way in (admin forms, the importer,
bulk_create) and removes a replaced or deleted image once nothing refers to it
any more, not even a version kept in the history (which a restore brings back).
"""

import hashlib
import io
import re
import uuid
import warnings
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models.fields.files import ImageFieldFile
from django.db.models.signals import post_delete, post_init
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 50_000_000  # a 50-megapixel phone photo still fits; checked before decoding
MAX_SIDE = 2400  # stored images are scaled down to this; the page never needs more
# format read -> (format written, file extension); GIF is kept as its first frame, in PNG.
FORMATS = {
    "JPEG": ("JPEG", ".jpg"),
    "PNG": ("PNG", ".png"),
    "WEBP": ("WEBP", ".webp"),
    "GIF": ("PNG", ".png"),
}
ACCEPTED = "JPEG・PNG・WebP・GIF"
ALT_TEXT_REQUIRED = (
    "画像の内容を短く説明する代替テキストを入力してください（画像が見えない人のために必要です）。"
)
SAVE_OPTIONS = {
    "JPEG": {"quality": 88, "optimize": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 85, "method": 4},
}
RENDITION_OPTIONS = {"quality": 80, "method": 4}
# Names this module gives: 32 hex digits. Files stored before it have no renditions.
GENERATED_NAME = re.compile(r"^[0-9a-f]{32}\.(jpg|png|webp)$")
_SRGB = ImageCms.createProfile("sRGB")


class ImageRejected(ValueError):
    """The file is not an image this site stores; the message says why, for HR."""


@dataclass
class CleanImage:
    data: bytes
    extension: str
    width: int
    height: int
    renditions: dict = field(default_factory=dict)  # width -> WebP bytes

    @property
    def digest(self):
        return hashlib.sha256(self.data).hexdigest()


def clean_image(source, rendition_widths=()):
    """Decode source (a path or a binary file) and encode it again; raises ImageRejected."""
    if hasattr(source, "seek"):
        source.seek(0)
        data = source.read()
    else:
        with open(source, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImageRejected(
            f"画像のファイルサイズが大きすぎます（上限 {MAX_BYTES // 1024 // 1024} MB）。"
            "縮小してから選んでください。"
        )
    if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypmsf1", b"ftyphevc"):
        raise ImageRejected(
            "HEIC 形式（iPhone の標準の写真形式）は使えません。"
            f"JPEG に変換してから選んでください（使える形式: {ACCEPTED}）。"
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind = image.format
                if kind not in FORMATS:
                    raise ImageRejected(
                        f"この形式（{kind}）の画像は使えません（使える形式: {ACCEPTED}）。"
                    )
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise ImageRejected(
                        f"画像の画素数が多すぎます（{width}×{height}）。"
                        f"長い辺を {MAX_SIDE} ピクセル程度に縮小してから選んでください。"
                    )
                image.load()  # decodes every pixel: a truncated file fails here
                image = _normalised(image)
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected(
            f"画像の画素数が多すぎます。長い辺を {MAX_SIDE} ピクセル程度に縮小してから選んでください。"
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ImageRejected(
            "画像として読み込めません。ファイルが壊れているか、途中までしか保存されていない可能性があります"
            f"（使える形式: {ACCEPTED}）。"
        ) from None
    written, extension = FORMATS[kind]
    if written == "JPEG" and image.mode != "RGB":
        image = image.convert("RGB")
    out = io.BytesIO()
    image.save(out, written, **SAVE_OPTIONS[written])
    clean = CleanImage(out.getvalue(), extension, image.width, image.height)
    for width in rendition_sizes(image.width, rendition_widths):
        clean.renditions[width] = _rendition(image, width)
    return clean


def _normalised(image):
    """Upright, sRGB, RGB(A) or L, at most MAX_SIDE: the pixels as a browser shows them."""
    image = ImageOps.exif_transpose(image)
    profile = image.info.get("icc_profile")
    if profile and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            mode = "RGBA" if image.mode == "RGBA" else "RGB"
            image = ImageCms.profileToProfile(image, source, _SRGB, outputMode=mode)
        except (ImageCms.PyCMSError, OSError):
            pass  # an unreadable profile: keep the pixels as they are
    if image.mode in ("P", "PA", "LA", "RGBA") or "transparency" in image.info:
        image = image.convert("RGBA")
    elif image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    if max(image.size) > MAX_SIDE:
        image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    image.info = {}
    return image


def rendition_sizes(width, wanted):
    """The widths to write for an image this wide: each wanted width below it, and its own
    width when it is narrower than the largest wanted (never scaled up)."""
    if not wanted or not width:
        return []
    sizes = [w for w in sorted(wanted) if w < width]
    return sorted({*sizes, min(width, max(wanted))})


def _rendition(image, width):
    height = max(1, round(image.height * width / image.width))
    out = io.BytesIO()
    image.resize((width, height), Image.Resampling.LANCZOS).save(out, "WEBP", **RENDITION_OPTIONS)
    return out.getvalue()


def rendition_name(name, width):
    return f"{name}.w{width}.webp"


def srcset(fieldfile, width, wanted):
    """ "url 320w, url 640w" for an image stored by SafeImageField, else ""."""
    if not fieldfile or not GENERATED_NAME.match(PurePosixPath(fieldfile.name).name):
        return ""
    return ", ".join(
        f"{fieldfile.storage.url(rendition_name(fieldfile.name, w))} {w}w"
        for w in rendition_sizes(width, wanted)
    )


def random_name(extension):
    return f"{uuid.uuid4().hex}{extension}"


# --- the model field ---------------------------------------------------------------


class SafeImageFormField(forms.ImageField):
    """Decodes the upload in full at validation, so every refusal is a form error."""

    def __init__(self, *args, rendition_widths=(), **kwargs):
        self.rendition_widths = rendition_widths
        super().__init__(*args, **kwargs)

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        if upload.size and upload.size > MAX_BYTES:
            raise ValidationError(
                f"画像のファイルサイズが大きすぎます（{upload.size / 1024 / 1024:.1f} MB、"
                f"上限 {MAX_BYTES // 1024 // 1024} MB）。縮小してから選んでください。",
                code="too_large",
            )
        try:
            upload.clean_image = clean_image(upload, self.rendition_widths)
        except ImageRejected as exc:
            raise ValidationError(str(exc), code="invalid_image") from None
        upload.seek(0)
        return upload


class SafeImageFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        """Store content re-encoded under a random name, with its renditions; never as sent."""
        widths = self.field.rendition_widths
        clean = getattr(content, "clean_image", None) or clean_image(content, widths)
        super().save(random_name(clean.extension), ContentFile(clean.data), save=False)
        for width, data in clean.renditions.items():
            self.storage.save(rendition_name(self.name, width), ContentFile(data))
        if save:
            self.instance.save()

    save.alters_data = True


def missing_alt_text(instance):
    """{alt text field: message} for each image of instance that has no alt text: the one
    alt rule, for every model with an image (SafeImageField(alt_field=…))."""
    return {
        field.alt_field: ALT_TEXT_REQUIRED
        for field in instance._meta.concrete_fields
        if isinstance(field, SafeImageField)
        and field.alt_field
        and getattr(instance, field.attname)
        and not getattr(instance, field.alt_field).strip()
    }


class SafeImageField(models.ImageField):
    """An uploaded image, decoded and re-encoded, never stored as sent; alt_field names the
    field of its alternative text, which missing_alt_text() requires with the image."""

    attr_class = SafeImageFieldFile

    def __init__(self, *args, rendition_widths=(), alt_field=None, **kwargs):
        self.rendition_widths = tuple(rendition_widths)
        self.alt_field = alt_field  # a rule of the model, not of the column: no migration
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.rendition_widths:
            kwargs["rendition_widths"] = self.rendition_widths
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(
            **{
                "form_class": SafeImageFormField,
                "rendition_widths": self.rendition_widths,
                **kwargs,
            }
        )

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract:
            post_init.connect(self._remember_name, sender=cls, weak=False)
            post_delete.connect(self._forget_file, sender=cls, weak=False)

    def pre_save(self, instance, add):
        fieldfile = super().pre_save(instance, add)  # a new file goes through SafeImageFieldFile
        previous = instance.__dict__.get("_stored_images", {}).get(self.attname)
        if previous and previous != fieldfile.name:
            self._remove_when_unused(instance, previous)
        instance.__dict__.setdefault("_stored_images", {})[self.attname] = fieldfile.name
        return fieldfile

    def _remember_name(self, instance, **kwargs):
        value = instance.__dict__.get(self.attname)
        name = getattr(value, "name", value)
        instance.__dict__.setdefault("_stored_images", {})[self.attname] = name or ""

    def _forget_file(self, instance, **kwargs):
        name = getattr(instance.__dict__.get(self.attname), "name", None)
        if name:
            self._remove_when_unused(instance, name)

    def _remove_when_unused(self, instance, name):
        storage, model = self.storage, type(instance)

        def remove():
            if model._base_manager.filter(**{self.attname: name}).exists():
                return
            if kept_in_history(name):
                return
            delete_with_renditions(storage, name)

        transaction.on_commit(remove)


def delete_with_renditions(storage, name):
    folder, base = str(PurePosixPath(name).parent), PurePosixPath(name).name
    try:
        siblings = storage.listdir(folder)[1]
    except FileNotFoundError:
        siblings = []
    for sibling in siblings:
        if sibling.startswith(f"{base}.w") and sibling.endswith(".webp"):
            storage.delete(f"{folder}/{sibling}")
    storage.delete(name)


def kept_in_history(name):
    """Whether a version in the history (django-reversion) still refers to the file."""
    from reversion.models import Version

    return Version.objects.filter(serialized_data__contains=f'"{name}"').exists()
