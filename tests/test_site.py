import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from careers.core.rendering import plain_text, render_markdown
from tests.factories import make_article

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_robots_txt_keeps_crawlers_out_of_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Disallow: /admin/" in response.content.decode()


@pytest.mark.django_db
def test_pages_send_a_content_security_policy(client):
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        SECRET_KEY="x7#kq!2vz$9m@p4w&r8t^y6u*i3o(l1j)h5g-f0d=s+a_b|n~c<e>",
        ALLOWED_HOSTS="careers.example.jp",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_bucket_name_puts_uploaded_images_in_s3_compatible_storage(tmp_path):
    """With AWS_STORAGE_BUCKET_NAME set, images go to object storage through django-storages,
    under public URLs without a signature (a CDN can cache them)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE")}
    env.update(
        SECRET_KEY="x" * 60,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_SETTINGS_MODULE="careers.settings",
        AWS_STORAGE_BUCKET_NAME="careers-media",
        AWS_S3_ENDPOINT_URL="https://objects.example.jp",
        AWS_S3_REGION_NAME="ap-northeast-1",
    )
    code = (
        "import django; django.setup()\n"
        "from django.core.files.storage import default_storage as s\n"
        "print(type(s.url.__self__).__module__, s.bucket_name, s.url('profiles/写真.jpg'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    module, bucket, url = result.stdout.split()
    assert (module, bucket) == ("storages.backends.s3", "careers-media")
    assert url == "https://objects.example.jp/careers-media/media/profiles/%E5%86%99%E7%9C%9F.jpg"


def test_the_production_wsgi_entry_starts_in_a_fresh_process(tmp_path):
    """What gunicorn does first: import careers.wsgi, before anything has set Django up."""
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE")}
    env.update(SECRET_KEY="x" * 60, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    code = "from careers.wsgi import application; print(type(application).__name__)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["CachedApplication"]


def test_a_redis_cache_url_gets_the_backend_where_an_error_is_a_miss_with_short_timeouts(
    tmp_path,
):
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE")}
    env.update(
        SECRET_KEY="x" * 60,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_SETTINGS_MODULE="careers.settings",
    )
    code = "import json; from django.conf import settings; print(json.dumps(settings.CACHES))"
    for url, timeout in (
        ("redis://cache:6379/1", 0.5),
        ("rediss://cache:6380/1?socket_timeout=2", 2),
    ):
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env={**env, "CACHE_URL": url},
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        cache = json.loads(result.stdout)["default"]
        assert cache["BACKEND"] == "careers.core.cache.RedisCache"
        assert cache["OPTIONS"]["socket_connect_timeout"] == 0.5
        assert cache["OPTIONS"]["socket_timeout"] == timeout


def test_markdown_keeps_paragraphs_and_line_breaks():
    html = render_markdown("一行目\n二行目\n\n次の段落")
    assert html == "<p>一行目<br>\n二行目</p>\n<p>次の段落</p>\n"


def test_markdown_allows_only_safe_link_schemes():
    html = render_markdown(
        "[a](https://a.jp) [b](mailto:hr@example.jp) [c](/interviews/) [d](data:text/html,x)"
    )
    assert 'href="https://a.jp"' in html
    assert 'href="mailto:hr@example.jp"' in html
    assert 'href="/interviews/"' in html
    assert 'href="data:' not in html


def test_plain_text_strips_markup_without_double_escaping():
    assert plain_text("**A & B** は<i>斜体</i>") == "A & B は<i>斜体</i>"


@pytest.mark.django_db
def test_models_and_migrations_agree():
    from io import StringIO

    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


def test_css_stays_under_its_budget():
    assert (ROOT / "static" / "css" / "site.css").stat().st_size < 30 * 1024


def test_production_mode_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY が設定されていません" in result.stderr
    assert "Traceback" not in result.stderr or "ImproperlyConfigured" in result.stderr

    development = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**env, "DEBUG": "1"},
        capture_output=True,
        text=True,
    )
    assert development.returncode == 0, development.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/admin/login/"])
def test_pages_switch_off_browser_features_nobody_uses(client, url):
    policy = client.get(url)["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert f"{feature}=()" in policy


@pytest.mark.django_db
def test_public_pages_are_compressed_and_the_admin_is_not(client, admin_client):
    make_article("圧縮の確認", lead="本文" * 200)
    page = client.get("/interviews/", HTTP_ACCEPT_ENCODING="gzip")
    assert page["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in page["Vary"]
    admin_page = admin_client.get("/admin/interviews/article/", HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in admin_page  # it carries a CSRF token (BREACH)


def test_static_files_have_hashed_names_cached_for_a_year(tmp_path, settings):
    from django.core.management import call_command
    from django.test import Client

    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--no-input", verbosity=0)
    manifest = (tmp_path / "static" / "staticfiles.json").read_text()
    hashed = json.loads(manifest)["paths"]["css/site.css"]
    response = Client().get(f"/static/{hashed}", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]
    assert response["Content-Encoding"] == "gzip"


def test_a_postgresql_database_gets_a_connect_timeout(tmp_path):
    """A server that hangs instead of refusing must not hold a worker for ever."""
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE")}
    env.update(SECRET_KEY="x" * 60, DJANGO_SETTINGS_MODULE="careers.settings")
    code = "import json; from django.conf import settings; print(json.dumps(settings.DATABASES))"
    for url, timeout in (
        ("postgres://user:pw@db:5432/careers", 5),
        ("postgres://user:pw@db:5432/careers?connect_timeout=2", 2),
    ):
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env={**env, "DATABASE_URL": url},
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        assert int(json.loads(result.stdout)["default"]["OPTIONS"]["connect_timeout"]) == timeout
