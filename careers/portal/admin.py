"""The admin site's Japanese titles, and the home message (one row HR edits)."""

from django.contrib import admin

from careers.portal.models import HomeMessage

admin.site.site_header = "採用インタビュー 管理画面"
admin.site.site_title = "採用インタビュー 管理"
admin.site.index_title = "記事と設定の管理"


@admin.register(HomeMessage)
class HomeMessageAdmin(admin.ModelAdmin):
    """One row: HR edits the lead of the home page; there is nothing to add or delete."""

    def has_add_permission(self, request):
        return not HomeMessage.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False
