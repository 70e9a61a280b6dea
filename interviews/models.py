"""The interview article and the rows it is made of: people, their day, their answers.

Also Tag and ShareLink. One module over 400 lines because the article and its rows are
one aggregate, saved, versioned, searched and exported together: splitting them would
only spread one model's rules over files. The shared rules they rely on live in
careers/core (publishing, images, validation, slugs).
"""

import datetime
import math
import secrets
from dataclasses import dataclass

import reversion
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch, Q, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from careers.core.images import SafeImageField, missing_alt_text
from careers.core.kept import kept_many, stamp
from careers.core.models import NamedSlugModel, NormalizedTextField
from careers.core.publishing import Publishable, PublishableQuerySet
from careers.core.rendering import DESCRIPTION_LENGTH, MARKDOWN_HELP, description, plain_text
from careers.core.slugs import readable_slug_field, title_slug, unique_slug
from careers.core.validation import CheckedTextModel, validate_date_in_range, without_note_mark
from careers.taxonomy.models import Department, EntryRoute, JobCategory

END_AFTER_START = "終了時刻は開始時刻より後にしてください。"


class Tag(NamedSlugModel):
    slug_prefix = "tag"

    class Meta(NamedSlugModel.Meta):
        verbose_name = "タグ"
        verbose_name_plural = "タグ"


def article_search_document(article):
    """The article's own texts, then every person's profile, day and answers.

    A function of attributes and relations only, so the data migration that filled
    search_text for existing articles could use it on its historical models.
    """
    texts = [
        article.title,
        plain_text(article.lead),
        article.closing_heading,
        plain_text(article.closing_body),
    ]
    for person in article.profiles.all():
        texts += [person.label, person.affiliation, person.duties, person.career, person.motivation]
        texts += [f"{e.title} {e.detail}" for e in person.schedule.all()]
        for answer in person.answers.all():
            texts += [answer.question, plain_text(answer.body), plain_text(answer.note)]
    return texts


# One letter per filter of the list, for the tokens of Article.facet_values.
FACET_CODES = {"category": "c", "route": "r", "department": "d", "place": "p", "tag": "t"}


def facet_token(key, value):
    """The token of one filter value in Article.facet_values: "t12", "phome"."""
    return f"{FACET_CODES[key]}{value}"


def article_facet_values(article):
    """The values the list's filters match, as short tokens: "c3 d4 phome t12".

    A letter for the filter (FACET_CODES), then the taxonomy's primary key (a changed
    slug changes no article) or the place's code. Short, because the list reads this
    column of every live article. Like article_search_document, a function of
    attributes and relations only.
    """
    values = {facet_token("category", article.category_id)} if article.category_id else set()
    values |= {facet_token("tag", tag.pk) for tag in article.tags.all()}
    for person in article.profiles.all():
        if person.entry_route_id:
            values.add(facet_token("route", person.entry_route_id))
        if person.department_id:
            values.add(facet_token("department", person.department_id))
        values |= {facet_token("place", entry.place) for entry in person.schedule.all()}
    return " ".join(sorted(values))


@dataclass(frozen=True)
class Card:
    """An article as a list shows it: its rendered card, and its id and title for code."""

    TEMPLATE = "interviews/_article_card.html"

    pk: int
    title: str
    html: str


def content_prefetches():
    """The rows an article's page shows, for prefetch_related(): a fixed number of queries."""
    profiles = StaffProfile.objects.select_related(
        "job_category", "department", "entry_route"
    ).prefetch_related("schedule", "answers")
    return ["tags", Prefetch("profiles", queryset=profiles)]


class ArticleQuerySet(PublishableQuerySet):
    def with_slugs(self, slugs):
        """(these articles, the slugs none has); every article when slugs is empty."""
        if not slugs:
            return self, []
        found = self.filter(slug__in=slugs)
        return found, sorted(set(slugs) - {a.slug for a in found})

    def for_listing(self):
        """What a card in a list shows: category, tags and the people's labels."""
        return self.select_related("category").prefetch_related(
            "tags",
            Prefetch("profiles", queryset=StaffProfile.objects.select_related("department")),
        )

    def cards(self, ids):
        """The list cards of these articles, in the order of ids: kept renderings
        (careers.core.kept), so a list reads one small row per card."""
        rows = self.filter(pk__in=ids).values_list("pk", "title", "edit_token", "updated_at")
        titles = {pk: title for pk, title, _token, _updated in rows}
        html = kept_many(
            "card",
            {pk: stamp(pk, token, updated) for pk, _title, token, updated in rows},
            lambda missing: {
                article.pk: mark_safe(render_to_string(Card.TEMPLATE, {"article": article}))
                for article in self.filter(pk__in=missing).for_listing()
            },
        )
        return [Card(pk, titles[pk], html[pk]) for pk in ids if pk in html]

    def with_content(self):
        """Everything the article page shows, in a fixed number of queries."""
        return self.select_related("category").prefetch_related(*content_prefetches())


@reversion.register(follow=["profiles"])
class Article(Publishable):
    title = models.CharField("タイトル", max_length=200)
    slug = readable_slug_field(
        "URL に使う半角の小文字英数字とハイフン（例: ict-digital-service-2025）。空欄のまま保存すると"
        "タイトルのローマ字から付けます。公開中は変更できません（下書きに戻すと変更できます）。"
    )
    revised_at = models.DateField(
        "最新更新日",
        null=True,
        blank=True,
        validators=[validate_date_in_range],
        help_text="公開後に本文を改めたときの日付。",
    )
    as_of = models.DateField(
        "取材時点",
        null=True,
        blank=True,
        validators=[validate_date_in_range],
        help_text="所属・業務内容がいつ時点のものか。記事に「所属・業務内容は取材当時（2025年3月）のもの"
        "です」と表示します。",
    )
    category = models.ForeignKey(
        JobCategory,
        verbose_name="職種",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
    )
    tags = models.ManyToManyField(Tag, verbose_name="タグ", blank=True, related_name="articles")
    featured = models.BooleanField(
        "トップページで紹介する",
        default=False,
        help_text="オンにすると、公開中の間、トップページの「おすすめのインタビュー」に表示します。",
    )
    lead = NormalizedTextField("リード文", blank=True, help_text=MARKDOWN_HELP)
    closing_heading = models.CharField("結びの見出し", max_length=200, blank=True)
    closing_body = NormalizedTextField("結びの本文", blank=True, help_text=MARKDOWN_HELP)
    hero_image = SafeImageField(
        "メイン画像",
        upload_to="articles/%Y/",
        rendition_widths=(480, 720, 1080, 1440),
        alt_field="hero_alt",
        help_text="JPEG・PNG・WebP・GIF（10 MB まで）。保存時に位置情報などの付加情報を取り除きます。",
        blank=True,
        width_field="hero_width",
        height_field="hero_height",
    )
    hero_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_alt = models.CharField(
        "メイン画像の代替テキスト",
        max_length=200,
        blank=True,
        help_text="画像が見えない人のために、画像の内容を短く説明してください。",
    )
    meta_description = models.CharField(
        "検索結果用の説明文",
        max_length=160,
        blank=True,
        help_text="検索結果や SNS に表示される説明（120字程度）。空欄ならリード文の冒頭を使います。",
    )
    # What the list's filters match, one short column (article_facet_values), so that
    # counting the filters reads one column of the live rows, not four tables.
    facet_values = models.TextField("絞り込み用の値", blank=True, editable=False)
    objects = ArticleQuerySet.as_manager()

    class Meta(Publishable.Meta):
        # Undated drafts first, then newest first, on every database (SQLite and
        # PostgreSQL put NULLs at opposite ends unless told).
        ordering = [F("published_at").desc(nulls_first=True), "-id"]
        verbose_name = "インタビュー記事"
        verbose_name_plural = "インタビュー記事"
        permissions = [("publish_article", "記事を公開・公開停止できる")]
        # The live index with facet_values in it: the list's filters read only the index.
        indexes = [
            models.Index(
                fields=["status", "published_at", "expires_at", "facet_values"],
                name="interviews_article_live",
            ),
            # The home page's few featured articles, newest first, without reading the
            # other live ones (14 ms at 10,000 articles before).
            models.Index(
                fields=["-published_at"],
                condition=Q(featured=True),
                name="interviews_article_featured",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._unused_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("interviews:article-detail", kwargs={"slug": self.slug})

    def get_preview_url(self):
        return reverse("interviews:article-preview", kwargs={"slug": self.slug})

    def content_errors(self):
        return missing_alt_text(self)

    def _unused_slug(self):
        """The title in romaji (「区民の暮らしを支える」→ kumin-kurashi-sasaeru); the
        publication date when the title has nothing to romanise."""
        day = timezone.localdate(self.published_at) if self.published_at else timezone.localdate()
        return title_slug(Article, self.title, "interview", day)

    READING_CHARS_PER_MINUTE = 500  # a common figure for Japanese text
    DESCRIPTION_LENGTH = DESCRIPTION_LENGTH  # what a description taken from the lead is cut to

    def modified_at(self):
        """When the article was last revised, with its time zone: HR's revision date (at
        midnight here) if it is after the publication, else the publication. For the
        structured data and the sitemap; a save that changes nothing visible is not a revision.
        """
        if self.revised_at and self.revised_at > timezone.localdate(self.published_at):
            return timezone.make_aware(datetime.datetime.combine(self.revised_at, datetime.time()))
        return timezone.localtime(self.published_at)

    def description(self):
        """The text search engines and feeds show: HR's own, else the start of the lead."""
        return self.meta_description or description(self.lead)

    @property
    def has_closing(self):
        return bool(self.closing_heading or self.closing_body)

    @property
    def closing_title(self):
        return self.closing_heading or "おわりに"

    def reading_minutes(self):
        """Minutes to read the article (its text, as search sees it), from prefetched content."""
        characters = sum(len(part) for part in article_search_document(self))
        return max(1, math.ceil(characters / self.READING_CHARS_PER_MINUTE))

    def search_document(self):
        return article_search_document(self)

    def derived_values(self):
        return {**super().derived_values(), "facet_values": article_facet_values(self)}

    def route_ids(self):
        """The entry routes its people came through, from the stored filter tokens (no
        query): the call to apply at the end of the article."""
        code = FACET_CODES["route"]
        return [int(t[len(code) :]) for t in self.facet_values.split() if t.startswith(code)]

    def duplicate(self, user=None):
        """A deep copy (people, schedule, answers, tags) as a new draft with its own slug."""
        slug = unique_slug(Article, f"{self.slug}-copy")
        profiles = list(self.profiles.prefetch_related("schedule", "answers"))
        tags = list(self.tags.all())
        copy = Article.objects.get(pk=self.pk)
        copy.pk = copy.id = None
        copy._state.adding = True
        copy.slug, copy.title = slug, f"{self.title}（複製）"
        copy.status = Article.Status.DRAFT
        copy.published_at = copy.expires_at = None
        copy.updated_by = user
        copy.save()
        copy.tags.set(tags)
        for profile in profiles:
            entries, answers = list(profile.schedule.all()), list(profile.answers.all())
            profile.pk = profile.id = None
            profile._state.adding = True
            profile.article = copy
            profile.save()
            for child in entries + answers:
                child.pk = child.id = None
                child._state.adding = True
                child.profile = profile
            ScheduleEntry.objects.bulk_create(entries)
            Answer.objects.bulk_create(answers)
        copy.refresh_derived()
        return copy


@reversion.register(follow=["schedule", "answers"])
class StaffProfile(CheckedTextModel):
    """One person's appearance in one article: profile card, schedule and Q&A."""

    article = models.ForeignKey(
        Article, verbose_name="記事", on_delete=models.CASCADE, related_name="profiles"
    )
    position = models.PositiveIntegerField("並び順", default=0)
    case_label = models.CharField(
        "ケース番号",
        max_length=20,
        blank=True,
        help_text="例: Case1。空欄なら記事での順番から付けます。",
    )
    label = models.CharField("表示名", max_length=30, help_text="匿名の呼び名。例: Aさん")
    job_category = models.ForeignKey(
        JobCategory,
        verbose_name="職種",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="profiles",
    )
    affiliation = models.CharField(
        "所属", max_length=300, help_text="印刷物どおりの正式な所属（局・部・課・派遣先など）。"
    )
    affiliation_short = models.CharField(
        "所属（短縮）",
        max_length=100,
        blank=True,
        help_text="ケース見出しに添える短い所属。例: デジタルサービス局",
    )
    duties = NormalizedTextField("担当業務", blank=True)
    career = NormalizedTextField("入庁前の経歴", blank=True)
    entry_route = models.ForeignKey(
        EntryRoute,
        verbose_name="採用区分",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="profiles",
    )
    department = models.ForeignKey(
        Department,
        verbose_name="所属局（絞り込み用）",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="profiles",
    )
    motivation = NormalizedTextField("入庁のきっかけ", blank=True)
    photo = SafeImageField(
        "写真・イラスト",
        upload_to="profiles/%Y/",
        rendition_widths=(96, 192, 288),
        alt_field="photo_alt",
        help_text="JPEG・PNG・WebP・GIF（10 MB まで）。保存時に位置情報などの付加情報を取り除きます。",
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_alt = models.CharField(
        "写真の代替テキスト",
        max_length=200,
        blank=True,
        help_text="写真の内容を短く説明してください。",
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "登場する職員"
        verbose_name_plural = "登場する職員"

    def __str__(self):
        return f"【{self.case_label}】{self.label}" if self.case_label else self.label

    @property
    def case_name(self):
        """ "Case1"…: HR's label, else the person's place in the article."""
        return self.case_label or f"Case{self.position + 1}"

    def clean(self):
        if errors := missing_alt_text(self):
            raise ValidationError(errors)


@reversion.register()
class ScheduleEntry(CheckedTextModel):
    class Place(models.TextChoices):
        OFFICE = "office", "職場"
        HOME = "home", "在宅（テレワーク）"
        SATELLITE = "satellite", "サテライトオフィス"
        ONSITE = "onsite", "現地・出張先"
        OTHER = "other", "その他"

    profile = models.ForeignKey(
        StaffProfile, verbose_name="職員", on_delete=models.CASCADE, related_name="schedule"
    )
    start = models.TimeField("開始時刻", help_text="例: 9:00")
    end = models.TimeField("終了時刻", null=True, blank=True)
    title = models.CharField("内容", max_length=100)
    detail = NormalizedTextField("補足", blank=True)
    place = models.CharField("場所", max_length=20, choices=Place, default=Place.OFFICE)

    class Meta:
        ordering = ["start", "id"]
        verbose_name = "1日のスケジュール"
        verbose_name_plural = "1日のスケジュール"
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=F("start")),
                name="schedule_end_after_start",
                violation_error_message=END_AFTER_START,
            ),
        ]

    def __str__(self):
        return f"{self.start:%H:%M} {self.title}"

    def clean(self):
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValidationError({"end": END_AFTER_START})


@reversion.register()
class Answer(CheckedTextModel):
    profile = models.ForeignKey(
        StaffProfile, verbose_name="職員", on_delete=models.CASCADE, related_name="answers"
    )
    position = models.PositiveIntegerField("並び順", default=0)
    question = models.CharField("質問", max_length=200)
    body = NormalizedTextField("回答", help_text=MARKDOWN_HELP)
    note = NormalizedTextField(
        "注記（※）",
        blank=True,
        help_text="回答中の用語や制度の説明。記事では「※」を付けて回答の下に表示します（「※」は入力不要です）。",
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "質問と回答"
        verbose_name_plural = "質問と回答"

    def __str__(self):
        return self.question

    def normalize(self):
        super().normalize()
        # The page puts the ※ before a note; one typed out of habit would show twice.
        self.note = without_note_mark(self.note)


def _default_share_expiry():
    return timezone.now() + datetime.timedelta(days=ShareLink.DEFAULT_DAYS)


def _new_token():
    return secrets.token_urlsafe(24)


class ShareLink(CheckedTextModel):
    """A read-only link to an unpublished article for the people quoted in it."""

    DEFAULT_DAYS = 7
    SALT = "interviews.sharelink"
    public_content = False  # a link is private; no page lists it (careers/core/freshness.py)
    ARTICLE_FIXED = "共有リンクの記事は変更できません。別の記事には新しいリンクを作ってください。"

    article = models.ForeignKey(
        Article, verbose_name="記事", on_delete=models.CASCADE, related_name="share_links"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    expires_at = models.DateTimeField(
        "有効期限",
        default=_default_share_expiry,
        help_text=f"既定は作成から{DEFAULT_DAYS}日後。過ぎるとリンクは開けなくなります。",
    )
    revoked = models.BooleanField(
        "無効にする",
        default=False,
        help_text="チェックして保存すると、すぐに開けなくなります。無効にしたリンクは元に戻せません"
        "（必要なら新しいリンクを作ってください）。",
    )
    revoked_at = models.DateTimeField("無効にした日時", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="作成者",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    # Visits are counted, not logged one row each: a link passed around cannot grow a table.
    visit_count = models.PositiveIntegerField("閲覧回数", default=0, editable=False)
    first_visited_at = models.DateTimeField("最初の閲覧", null=True, blank=True, editable=False)
    last_visited_at = models.DateTimeField("最後の閲覧", null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "共有リンク（取材協力者の確認用）"
        verbose_name_plural = "共有リンク（取材協力者の確認用）"

    def __str__(self):
        return f"{self.article} の共有リンク"

    def save(self, *args, **kwargs):
        # Revocation is final: once revoked_at is set, unticking "revoked" revives nothing.
        if self.revoked_at is not None:
            self.revoked = True
        elif self.revoked:
            self.revoked_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        signed = signing.Signer(salt=self.SALT).sign(self.token)
        return reverse("interviews:shared-article", kwargs={"signed": signed})

    def clean(self):
        if self.pk and self.article_id is not None:
            stored = ShareLink.objects.filter(pk=self.pk).values_list("article_id", flat=True)
            if stored and stored[0] != self.article_id:
                raise ValidationError({"article": self.ARTICLE_FIXED})

    def record_visit(self, now=None):
        """Count a visit: one row however often the link is opened."""
        now = now or timezone.now()
        ShareLink.objects.filter(pk=self.pk).update(
            visit_count=F("visit_count") + 1,
            first_visited_at=Coalesce("first_visited_at", Value(now)),
            last_visited_at=now,
        )

    @classmethod
    def from_signed(cls, signed):
        """The link a signed URL names, or None if the signature does not hold."""
        try:
            token = signing.Signer(salt=cls.SALT).unsign(signed)
        except signing.BadSignature:
            return None
        return cls.objects.select_related("article").filter(token=token).first()

    def is_active(self, now=None):
        return not self.revoked and (now or timezone.now()) < self.expires_at
