import pytest
from django.test import Client

from tests import factories


@pytest.fixture(scope="session", autouse=True)
def _plain_http():
    """Production settings redirect plain HTTP to HTTPS; the test client and the live
    server speak plain HTTP. Session-wide, so it is in force before the live server's
    middleware reads it."""
    from django.conf import settings
    from django.test import override_settings

    # The hashed-name storage needs `collectstatic` first; tests serve static files as they are.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(SECURE_SSL_REDIRECT=False, STORAGES=storages):
        yield


@pytest.fixture
def no_page_cache(settings):
    """For tests that count what a page costs to build: every request renders it."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Production's password hasher is slow on purpose; the tests log in hundreds of times."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded and imported images go to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def article_factory(db):
    return factories.make_article


@pytest.fixture
def profile_factory(db):
    return factories.make_profile


@pytest.fixture
def roles(db):
    from io import StringIO

    from django.core.management import call_command

    call_command("setup_roles", stdout=StringIO())


def _staff(django_user_model, username, group):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        username=username, password="pw-for-tests-only", is_staff=True, last_name=username
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor_user(roles, django_user_model):
    return _staff(django_user_model, "editor", "編集者")


@pytest.fixture
def publisher_user(roles, django_user_model):
    return _staff(django_user_model, "publisher", "公開担当")


@pytest.fixture
def editor_client(editor_user):
    """A client of its own, so that a test can use an editor, a publisher and the public
    (`client`) side by side."""
    client = Client()
    client.force_login(editor_user)
    return client


@pytest.fixture
def publisher_client(publisher_user):
    client = Client()
    client.force_login(publisher_user)
    return client
