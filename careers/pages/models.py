"""Free pages HR writes (働き方・待遇, 人材育成・キャリア…): a title, a URL path of HR's
choosing, sections (heading, Markdown, optional image with alt text), and a place in
the header or footer navigation. Published like any other content; a path the site
itself uses is refused, whatever it is."""

import re
import unicodedata

import reversion
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import Resolver404, resolve, reverse

from careers.core.freshness import until_change
from careers.core.images import SafeImageField, missing_alt_text
from careers.core.publishing import Publishable
from careers.core.rendering import MARKDOWN_HELP
from careers.core.validation import CheckedTextModel

PATH = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*$")
PATH_FORMAT = "URL は半角の小文字英数字とハイフンで、区切りは「/」で書いてください（例: hatarakikata、career/training）。"
PATH_TAKEN = "「/{path}/」はサイトがすでに使っている URL です。別の URL にしてください。"
PATH_IN_USE = "「/{path}/」は別のページが使っています。"
FREE_PAGE_VIEW = "free-page"


def path_problem(path):
    """HR's words for why path cannot be a free page's, or None: its form, and whether
    the site answers that URL itself (every route, now and as the URLconf grows)."""
    if not PATH.match(path or ""):
        return PATH_FORMAT
    from django.conf import settings

    url = f"/{path}/"
    if url.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
        return PATH_TAKEN.format(path=path)
    try:
        match = resolve(url)
    except Resolver404:
        return None
    return None if match.url_name == FREE_PAGE_VIEW else PATH_TAKEN.format(path=path)


class Placement(models.TextChoices):
    NONE = "none", "ナビゲーションに出さない"
    HEADER = "header", "ヘッダー"
    FOOTER = "footer", "フッター"


@reversion.register(follow=["sections"])
class FreePage(Publishable):
    Placement = Placement

    title = models.CharField("タイトル", max_length=200)
    path = models.CharField(
        "URL",
        max_length=100,
        unique=True,
        help_text="サイトのアドレスの後ろに付く部分。例: hatarakikata → /hatarakikata/。公開中は変更できません。",
    )
    lead = models.TextField("はじめに", blank=True, help_text=MARKDOWN_HELP)
    placement = models.CharField(
        "ナビゲーション", max_length=10, choices=Placement, default=Placement.NONE
    )
    nav_label = models.CharField(
        "ナビゲーションの表示名",
        max_length=30,
        blank=True,
        help_text="空欄ならタイトルを使います。",
    )
    nav_order = models.PositiveIntegerField(
        "ナビゲーションの順番", default=0, help_text="小さい順に並びます。"
    )

    address_fields = ("path",)

    class Meta(Publishable.Meta):
        db_table = "careers_freepage"  # the table keeps the name it had before this app
        ordering = ["placement", "nav_order", "id"]
        verbose_name = "ページ"
        verbose_name_plural = "ページ（働き方・待遇など）"
        permissions = [("publish_freepage", "ページを公開・公開停止できる")]

    def __str__(self):
        return self.title

    def content_errors(self):
        problem = path_problem(self.path)
        return {"path": problem} if problem else {}

    def normalize(self):
        """The path as HR may type it (「/Hatarakikata/」, or full-width from a Japanese
        IME: 「／ｈａｔａｒａｋｉｋａｔａ／」) is the path hatarakikata."""
        super().normalize()
        self.path = unicodedata.normalize("NFKC", self.path or "").strip().strip("/").lower()

    @property
    def label(self):
        return self.nav_label or self.title

    def get_absolute_url(self):
        return reverse(FREE_PAGE_VIEW, kwargs={"path": self.path})

    def get_preview_url(self):
        return reverse("free-page-preview", kwargs={"pk": self.pk})

    def search_document(self):
        texts = super().search_document()
        return texts + [f"{s.heading} {s.body}" for s in self.sections.all()]


@reversion.register()
class PageSection(CheckedTextModel):
    page = models.ForeignKey(FreePage, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField("順番", default=0)
    heading = models.CharField("見出し", max_length=200)
    body = models.TextField("本文", blank=True, help_text=MARKDOWN_HELP)
    image = SafeImageField(
        "画像",
        upload_to="pages/%Y/",
        rendition_widths=(480, 720, 1080),
        alt_field="image_alt",
        blank=True,
        width_field="image_width",
        height_field="image_height",
        help_text="JPEG・PNG・WebP・GIF（10 MB まで）。保存時に位置情報などの付加情報を取り除きます。",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(
        "画像の代替テキスト",
        max_length=200,
        blank=True,
        help_text="画像が見えない人のために、画像の内容を短く説明してください。",
    )

    class Meta:
        db_table = "careers_pagesection"  # the table keeps the name it had before this app
        ordering = ["position", "id"]
        verbose_name = "セクション"
        verbose_name_plural = "セクション"

    def __str__(self):
        return self.heading

    def clean(self):
        if errors := missing_alt_text(self):
            raise ValidationError(errors)


def navigation():
    """{"header": [...], "footer": [...]}: the live pages HR placed in the navigation,
    kept until the content changes (no query on most requests)."""

    def build():
        placed = {Placement.HEADER: [], Placement.FOOTER: []}
        live = FreePage.objects.live().exclude(placement=Placement.NONE)
        for page in live.only("title", "path", "placement", "nav_label", "nav_order"):
            placed[page.placement].append((page.label, page.get_absolute_url()))
        return {"header": placed[Placement.HEADER], "footer": placed[Placement.FOOTER]}

    return until_change("navigation", build)
