import pytest

from tests import factories


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded and imported images go to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # Production settings redirect plain HTTP to HTTPS; the test client speaks plain HTTP.
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture
def article_factory(db):
    return factories.make_article


@pytest.fixture
def profile_factory(db):
    return factories.make_profile
