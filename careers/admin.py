from django.contrib import admin

from .models import Department, EntryRoute, JobCategory

admin.site.site_header = "採用インタビュー 管理画面"
admin.site.site_title = "採用インタビュー 管理"
admin.site.index_title = "記事と設定の管理"


@admin.register(JobCategory)
class JobCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    fields = ["name", "slug", "summary", "position"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


@admin.register(EntryRoute)
class EntryRouteAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name"]
