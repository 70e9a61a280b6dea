"""`manage.py ensure_admin`: the development admin login `make run` prints."""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

PASSWORD_FILE = Path(settings.BASE_DIR) / ".local" / "admin-password"


class Command(BaseCommand):
    help = (
        "開発用: 管理画面に入れるスーパーユーザーがなければ作り、ログイン方法を表示します。"
        "パスワードは .local/admin-password に保存します（本番では使わないでください）。"
        "終了コード: 0 = 成功、1 = DEBUG が無効など。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin", help="ユーザー名（既定: admin）")
        parser.add_argument(
            "--force", action="store_true", help="DEBUG が無効な環境でも実行します。"
        )
        parser.add_argument(
            "--url",
            default="http://127.0.0.1:8000/admin/",
            help="表示する管理画面の URL（make run は HOST と PORT から作ります）",
        )

    def handle(self, *args, username, force, url, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG が無効です。本番では `manage.py createsuperuser` を使ってください。"
            )
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        saved = PASSWORD_FILE.read_text().strip() if PASSWORD_FILE.is_file() else None
        if user is None:
            password = secrets.token_urlsafe(12)
            User.objects.create_superuser(username=username, email="", password=password)
            PASSWORD_FILE.parent.mkdir(exist_ok=True)
            PASSWORD_FILE.write_text(password + "\n")
            PASSWORD_FILE.chmod(0o600)
        elif saved and user.check_password(saved):
            password = saved
        else:
            self.stdout.write(
                f"管理ユーザー {username} は既にあり、パスワードは変更されています。"
                f"忘れた場合は `python manage.py changepassword {username}` で設定し直してください。"
            )
            return
        self.stdout.write(
            self.style.SUCCESS(f"管理画面: {url}  ユーザー名: {username}  パスワード: {password}")
        )
