"""Who else has an item open for editing, and telling publishers what waits for them.

An edit page counts as open from the moment it is served until PRESENCE_TIMEOUT after
its last sign of life: the page's script calls back every HEARTBEAT_SECONDS and says
goodbye when it is closed. A browser without JavaScript counts for one timeout.

The review mail is a courtesy on top of a save that has already happened: its
subject is made one line whatever the title holds (validation refuses line breaks
in titles, but rows can be written around it), and a mail that cannot be sent is
logged, never turned into an error page.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from careers.core.models import EditingSession
from careers.core.times import month_day_time

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 45
PRESENCE_TIMEOUT = datetime.timedelta(seconds=120)


def display_name(user):
    """A staff member's name as Japanese writes it (family name first), else the login."""
    if user is None:
        return "—"
    return f"{user.last_name} {user.first_name}".strip() or user.get_username()


def _sessions(obj):
    return EditingSession.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    )


def opened(obj, user, now=None):
    """Record that user has obj open; the others who have it open, earliest first."""
    now = now or timezone.now()
    sessions = _sessions(obj)
    sessions.filter(seen_at__lt=now - PRESENCE_TIMEOUT).delete()
    mine = sessions.filter(user=user)
    if not mine.update(seen_at=now):
        EditingSession.objects.get_or_create(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            user=user,
            defaults={"opened_at": now, "seen_at": now},
        )
    return list(sessions.exclude(user=user).select_related("user").order_by("opened_at"))


def still_open(obj, user, now=None):
    _sessions(obj).filter(user=user).update(seen_at=now or timezone.now())


def closed(obj, user):
    _sessions(obj).filter(user=user).delete()


def others_message(obj, others):
    """「山田 花子 さんが 10:32 からこの記事を開いています。…」 or None."""
    if not others:
        return None
    names = "、".join(
        f"{display_name(s.user)} さん（{month_day_time(s.opened_at)} から）" for s in others
    )
    noun = obj._meta.verbose_name
    return (
        f"{names}がこの{noun}を開いています。同時に編集すると、あとから保存する人には"
        "相手の変更を上書きしてよいかの確認が出ます。編集する前に声をかけてください。"
    )


def one_line(text):
    """text for a mail header: every line break Python's email sees (CR, LF, U+2028…)
    made a space, since one would make the header, and so the mail, fail."""
    return " ".join(str(text).splitlines())


def tell_publishers_of_review(obj, by, item_url, compare_url=None):
    """E-mail everyone who may publish obj that it waits for them, once the transaction
    that put it in review has committed (through Django's mail settings)."""
    model = type(obj)
    publishers = (
        get_user_model()
        ._default_manager.with_perm(
            model.publish_permission(),
            is_active=True,
            backend="django.contrib.auth.backends.ModelBackend",  # the one that holds roles
        )
        .exclude(email="")
        .exclude(pk=getattr(by, "pk", None))
    )
    recipients = sorted({u.email for u in publishers})
    if not recipients:
        return 0
    noun, name = model._meta.verbose_name, one_line(obj)
    lines = [
        f"{display_name(by)} さんが{noun}「{name}」を確認待ちにしました。",
        "内容を確認し、問題がなければ公開してください。",
        "",
        f"管理画面で開く: {item_url}",
    ]
    if compare_url:
        lines.append(f"前の版との違い: {compare_url}")
    lines += ["", "このメールは採用サイトの管理画面から自動で送信しています。"]
    subject, body = f"【確認待ち】{name}", "\n".join(lines)

    def send():
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
        except Exception:
            # The item is saved and in review; nothing the mail backend raises (a server
            # that is down, a header it refuses, its own bug) may turn that into an error
            # page after the commit. The log says who was not told.
            logger.exception(
                "確認待ちのメールを送れませんでした（宛先: %s）", ", ".join(recipients)
            )

    transaction.on_commit(send)
    return len(recipients)
