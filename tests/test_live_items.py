"""What the public sees of a live item — its status, dates, address and timing — is a
publisher's decision on every path of the admin (the form, a crafted post, the list's
actions, history and restore), for every content type: the types are read from the
registry and their items from each type's own demo, so a type added later is covered
here without a line written for it."""

import datetime

import pytest
from django.contrib import admin
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from careers.core.publishing import (
    DATES_PUBLISHERS_ONLY,
    PUBLISHERS_ONLY,
    PublicState,
    Publishable,
    refused_changes,
)
from careers.core.publishing_admin import PublishingAdmin
from careers.core.registry import content_kinds
from careers.events.models import Event
from careers.news.models import NewsPost
from careers.routes.models import ApplicationWindow, RoutePage
from careers.taxonomy.models import EntryRoute
from tests.factories import demo_item, set_state
from tests.forms import form_data

pytestmark = pytest.mark.django_db

PAST = timezone.now() - datetime.timedelta(days=3)
OPENS = timezone.now() + datetime.timedelta(days=10)


def make_news(address):
    return NewsPost.objects.create(title="お知らせ", slug=address, body="本文")


def make_event(address):
    starts = timezone.now() + datetime.timedelta(days=20)
    return Event.objects.create(
        title="説明会",
        slug=address,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        online=True,
        body="内容",
    )


def make_route_page(address):
    route = EntryRoute.objects.create(name=f"採用区分 {address}", slug=address)
    page = RoutePage.objects.create(route=route, lead="概要")
    ApplicationWindow.objects.create(
        page=page, label="第1回", opens_at=OPENS, closes_at=OPENS + datetime.timedelta(days=14)
    )
    return page


def publishing_models():
    return [
        model
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, PublishingAdmin)
    ]


def test_every_type_the_admin_publishes_is_a_registered_type_covered_here():
    assert set(publishing_models()) == {kind.model for kind in content_kinds()}
    for model in publishing_models():
        assert issubclass(model, Publishable)
        for name in model.address_fields:
            model._meta.get_field(name)  # each names a real field


def another_row(row, address):
    """A copy of a row an address is made of (a route page's route), named address."""
    copy = type(row)._default_manager.get(pk=row.pk)
    copy.pk = None
    copy._state.adding = True
    for field in copy._meta.concrete_fields:
        if field.unique and not field.primary_key and isinstance(field, models.CharField):
            setattr(copy, field.attname, address)
    copy.save()
    return copy


def address_values(item, address):
    """{field: value} of item at another address: the text itself, or a new row named
    after it where a related row makes the address (a route page's route)."""
    values = {}
    for name in type(item).address_fields:
        related = type(item)._meta.get_field(name).is_relation
        values[name] = another_row(getattr(item, name), address) if related else address
    return values


def address_post(item, address):
    """The same, as a form posts it."""
    return {
        name: str(value.pk) if isinstance(value, models.Model) else value
        for name, value in address_values(item, address).items()
    }


def move(item, address):
    """Write another address straight to the database (as a publisher could have)."""
    set_state(item, **address_values(item, address))


def draft_at(kind, address):
    """A draft of the type at a given address: a demo item taken back to draft and moved."""
    item = set_state(demo_item(kind), status="draft", published_at=None, expires_at=None)
    move(item, address)
    return item


def publish(item):
    set_state(item, status="published", published_at=PAST)


def public_status(item):
    item.refresh_from_db()
    page, _, anchor = item.get_absolute_url().partition("#")
    if anchor:  # an item shown on a shared page, at its anchor (a question on the FAQ page)
        return 200 if f'id="{anchor}"' in Client().get(page).content.decode() else 404
    return Client().get(page).status_code


def url(item, view, *args):
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[item.pk, *args])


def form_of(client, page_url, model):
    page = client.get(page_url)
    assert page.status_code == 200
    # As rendered: the route page's and free page's rows are Django's own inlines, whose
    # positions no script renumbers (renumbered, their empty extra form would be posted).
    return form_data(page.content.decode(), f"{model._meta.model_name}_form", script=False)


def save_as(client, item, **changes):
    data = form_of(client, url(item, "change"), type(item))
    data.update(changes)
    return client.post(url(item, "change"), data)


@pytest.fixture(params=content_kinds(), ids=lambda kind: kind.folder)
def kind(request):
    return request.param


@pytest.fixture
def model(kind):
    return kind.model


def newest_version(item):
    return Version.objects.get_for_object(item).first()


def test_an_editor_restoring_an_older_address_keeps_the_live_address(
    kind, model, editor_client, publisher_client
):
    item = draft_at(kind, "first-address")
    assert save_as(publisher_client, item).status_code == 302  # a draft version, old address
    version = newest_version(item)
    move(item, "live-address")
    publish(item)
    live_url, live_address = item.get_absolute_url(), item.public_state().address

    restore = url(item, "revision", version.pk)
    response = editor_client.post(restore, form_of(editor_client, restore, model))

    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.get_absolute_url(), item.public_state().address) == (live_url, live_address)
    assert (item.status, item.published_at, item.expires_at) == ("published", PAST, None)
    assert public_status(item) == 200


def test_a_publisher_restoring_an_older_address_keeps_the_live_address_too(
    kind, model, publisher_client
):
    item = draft_at(kind, "first-address")
    save_as(publisher_client, item)
    version = newest_version(item)
    move(item, "live-address")
    publish(item)
    live_url, live_address = item.get_absolute_url(), item.public_state().address

    restore = url(item, "revision", version.pk)
    publisher_client.post(restore, form_of(publisher_client, restore, model))

    item.refresh_from_db()
    assert (item.get_absolute_url(), item.public_state().address) == (live_url, live_address)


def test_a_crafted_post_cannot_change_the_address_of_a_live_item(
    kind, editor_client, publisher_client
):
    item = draft_at(kind, "live-address")
    publish(item)
    live_url = item.get_absolute_url()
    crafted = address_post(item, "other-address")

    for client in (editor_client, publisher_client):
        save_as(client, item, **crafted)
        item.refresh_from_db()
        assert item.get_absolute_url() == live_url
        assert public_status(item) == 200


def test_an_editor_cannot_publish_unpublish_or_date_a_live_item_with_a_crafted_post(
    kind, editor_client
):
    item = draft_at(kind, "live-address")
    publish(item)
    later = timezone.localtime(timezone.now() + datetime.timedelta(days=30))
    save_as(
        editor_client,
        item,
        status="draft",
        published_at_0=f"{later:%Y-%m-%d}",
        published_at_1="10:00",
        expires_at_0=f"{later:%Y-%m-%d}",
        expires_at_1="11:00",
    )
    item.refresh_from_db()
    assert (item.status, item.published_at, item.expires_at) == ("published", PAST, None)


def act(client, item, action):
    """Run one of the list's actions on the item, as the changelist's form posts it."""
    opts = item._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return client.post(changelist, {"action": action, "_selected_action": [item.pk], "index": 0})


def test_an_editor_cannot_publish_a_draft_with_the_list_action(kind, editor_client):
    item = draft_at(kind, "draft-address")
    act(editor_client, item, "publish")
    item.refresh_from_db()
    assert (item.status, item.published_at) == ("draft", None)
    assert public_status(item) == 404


def test_an_editor_cannot_unpublish_a_live_item_with_the_list_action(kind, editor_client):
    item = draft_at(kind, "live-address")
    publish(item)
    act(editor_client, item, "unpublish")
    item.refresh_from_db()
    assert (item.status, item.published_at, item.expires_at) == ("published", PAST, None)
    assert public_status(item) == 200


def test_a_publisher_publishes_and_unpublishes_with_the_list_actions(kind, publisher_client):
    """The control of the two above: the same posts, from a publisher, do it."""
    item = draft_at(kind, "draft-address")
    act(publisher_client, item, "publish")
    assert public_status(item) == 200
    act(publisher_client, item, "unpublish")
    assert public_status(item) == 404


def test_the_address_of_a_draft_can_still_be_changed(kind, editor_client):
    item = draft_at(kind, "draft-address")
    changes = address_post(item, "new-address")
    assert save_as(editor_client, item, **changes).status_code == 302
    item.refresh_from_db()
    assert item.public_state().address != ("draft-address",)
    assert [str(part) for part in item.public_state().address] == list(changes.values())


# --- timing: a route page's windows, an event's time ------------------------------------


def window_fields(data):
    return {k: v for k, v in data.items() if k.startswith("windows-")}


def test_an_editor_cannot_open_close_add_or_remove_a_window_of_a_live_route_page(editor_client):
    page = make_route_page("career")
    publish(page)
    window = page.windows.get()
    page_html = editor_client.get(url(page, "change")).content.decode()
    assert "受付期間の日時は公開担当の人だけが変えられます" in page_html
    data = form_of(editor_client, url(page, "change"), RoutePage)
    assert "windows-0-opens_at_0" not in data  # shown, not editable
    now = timezone.localtime()
    data.update(
        {
            "windows-0-opens_at_0": f"{now:%Y-%m-%d}",
            "windows-0-opens_at_1": "00:00",
            "windows-0-label": "第1回（名称を直した）",
            "windows-0-DELETE": "",
            "windows-TOTAL_FORMS": "2",
            "windows-1-label": "勝手に足した回",
            "windows-1-opens_at_0": f"{now:%Y-%m-%d}",
            "windows-1-opens_at_1": "00:00",
            "windows-1-closes_at_0": "2099-01-01",
            "windows-1-closes_at_1": "00:00",
        }
    )
    assert editor_client.post(url(page, "change"), data).status_code == 302

    assert list(page.windows.values_list("pk", "opens_at", "closes_at")) == [
        (window.pk, window.opens_at, window.closes_at)
    ]
    assert page.windows.get().label == "第1回（名称を直した）"  # the text is an editor's


def test_an_editor_cannot_delete_a_window_of_a_live_route_page(editor_client):
    page = make_route_page("career")
    publish(page)
    data = form_of(editor_client, url(page, "change"), RoutePage)
    data["windows-0-DELETE"] = "on"
    editor_client.post(url(page, "change"), data)
    assert page.windows.count() == 1


def test_a_publisher_opens_a_window_of_a_live_route_page(publisher_client):
    page = make_route_page("career")
    publish(page)
    data = form_of(publisher_client, url(page, "change"), RoutePage)
    today = timezone.localtime()
    data.update({"windows-0-opens_at_0": f"{today:%Y-%m-%d}", "windows-0-opens_at_1": "00:00"})
    assert publisher_client.post(url(page, "change"), data).status_code == 302
    assert page.windows.get().opens_at <= timezone.now()


def test_an_editor_still_edits_the_windows_of_a_draft_route_page(editor_client):
    page = make_route_page("career")
    data = form_of(editor_client, url(page, "change"), RoutePage)
    data["windows-0-closes_at_0"] = "2099-01-01"
    assert editor_client.post(url(page, "change"), data).status_code == 302
    assert timezone.localtime(page.windows.get().closes_at).year == 2099


def test_an_editor_cannot_move_a_live_event(editor_client, publisher_client):
    event = make_event("setsumeikai")
    publish(event)
    starts = event.starts_at
    moved = timezone.localtime(starts + datetime.timedelta(days=1))
    changes = {"starts_at_0": f"{moved:%Y-%m-%d}", "starts_at_1": f"{moved:%H:%M}"}
    changes |= {"ends_at_0": f"{moved:%Y-%m-%d}", "ends_at_1": "23:59", "title": "説明会（改）"}

    save_as(editor_client, event, **changes)
    event.refresh_from_db()
    assert (event.starts_at, event.title) == (starts, "説明会（改）")

    save_as(publisher_client, event, **changes)
    event.refresh_from_db()
    assert event.starts_at != starts


def test_an_editor_restoring_older_windows_keeps_the_live_ones(editor_client, publisher_client):
    page = make_route_page("career")
    save_as(publisher_client, page)  # a version with the first window
    version = Version.objects.get_for_object(page).get()
    publish(page)
    page.windows.update(opens_at=OPENS + datetime.timedelta(days=1), label="今の回")
    live = list(page.windows.values_list("pk", "opens_at", "closes_at", "label"))

    restore = url(page, "revision", version.pk)
    response = editor_client.post(restore, form_of(editor_client, restore, RoutePage))

    assert response.status_code == 302
    assert list(page.windows.values_list("pk", "opens_at", "closes_at", "label")) == live


def test_a_publisher_restoring_older_windows_restores_them(publisher_client):
    page = make_route_page("career")
    save_as(publisher_client, page)
    version = Version.objects.get_for_object(page).get()
    publish(page)
    page.windows.update(opens_at=OPENS + datetime.timedelta(days=1))

    restore = url(page, "revision", version.pk)
    publisher_client.post(restore, form_of(publisher_client, restore, RoutePage))

    assert abs(page.windows.get().opens_at - OPENS) < datetime.timedelta(seconds=1)


# --- the rule itself, as every path applies it ---------------------------------------------


def state(**changes):
    base = dict(status="published", published_at=PAST, expires_at=None, address=("a",), timing=())
    return PublicState(**(base | changes))


def test_the_rule_refuses_what_only_a_publisher_decides(editor_user, publisher_user):
    live = state()
    assert refused_changes(NewsPost, live, state(status="draft"), editor_user) == [PUBLISHERS_ONLY]
    assert refused_changes(NewsPost, live, state(expires_at=OPENS), editor_user) == [
        DATES_PUBLISHERS_ONLY
    ]
    assert refused_changes(Event, live, state(timing=(OPENS,)), editor_user)
    assert refused_changes(Event, live, state(timing=(OPENS,)), publisher_user) == []
    assert refused_changes(NewsPost, live, state(status="draft"), publisher_user) == []


def test_the_rule_fixes_a_live_address_for_everyone(editor_user, publisher_user):
    for user in (editor_user, publisher_user):
        [message] = refused_changes(NewsPost, state(), state(address=("b",)), user)
        assert "URL" in message and "下書きに戻して" in message
    draft = state(status="draft", published_at=None)
    moved = state(status="draft", published_at=None, address=("b",))
    assert refused_changes(NewsPost, draft, moved, editor_user) == []


def test_the_rule_lets_an_editor_create_and_submit_but_not_publish(editor_user):
    submitted = state(status="review", published_at=None)
    assert refused_changes(NewsPost, None, submitted, editor_user) == []
    assert refused_changes(NewsPost, None, state(), editor_user)


def test_a_refused_change_says_why_in_japanese_and_saves_nothing(editor_client, monkeypatch):
    """Should a path ever let a change through the form, the rule after the save refuses
    it, rolls the save back and says why (here the form is made to offer the address)."""
    news = make_news("live-address")
    publish(news)
    news_admin = admin.site._registry[NewsPost]
    original = news_admin.get_readonly_fields
    monkeypatch.setattr(
        news_admin,
        "get_readonly_fields",
        lambda request, obj=None: [f for f in original(request, obj) if f != "slug"],
    )
    response = save_as(editor_client, news, slug="moved", title="直した題")

    assert response.status_code == 403
    assert "公開中のお知らせの URL（スラッグ）は変えられません" in response.content.decode()
    news.refresh_from_db()
    assert (news.slug, news.title) == ("live-address", "お知らせ")
    assert Version.objects.get_for_object(news).count() == 0


def test_a_publisher_cannot_move_a_live_route_page_by_renaming_its_route(publisher_client):
    page = make_route_page("career")
    publish(page)
    route = page.route
    url = reverse("admin:taxonomy_entryroute_change", args=[route.pk])
    data = form_of(publisher_client, url, EntryRoute)
    response = publisher_client.post(url, {**data, "slug": "moved"})
    assert response.status_code == 200
    assert "公開中の採用区分のページ" in response.content.decode()
    assert Client().get("/routes/career/").status_code == 200

    RoutePage.objects.filter(pk=page.pk).update(status="draft")  # back to draft: free to move
    assert publisher_client.post(url, {**data, "slug": "moved"}).status_code == 302
    route.refresh_from_db()
    assert route.slug == "moved"
