"""The portal's own row: the home page's lead message HR edits."""

from django.db import models

from careers.core.validation import CheckedTextModel


class HomeMessage(CheckedTextModel):
    """The home page's lead: one row HR edits (トップページの案内文)."""

    heading = models.CharField(
        "見出し", max_length=100, default="1日のスケジュールで知る、ICT職の仕事"
    )
    lead = models.TextField(
        "案内文",
        blank=True,
        default="職員が実際に過ごした1日と、仕事のやりがいや働き方についてのインタビューを紹介します。",
        help_text="Markdown で書けます。",
    )

    class Meta:
        db_table = "careers_homemessage"  # the table keeps the name it had before this app
        verbose_name = "トップページの案内文"
        verbose_name_plural = "トップページの案内文"

    def __str__(self):
        return self.heading

    @classmethod
    def current(cls):
        """The row HR edits, or the defaults before anyone has."""
        return cls.objects.first() or cls()
