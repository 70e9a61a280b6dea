from django.views.generic import DetailView, ListView

from .models import Article


class ArticleListView(ListView):
    paginate_by = 12

    def get_queryset(self):
        return Article.objects.live().for_listing()


class ArticleDetailView(DetailView):
    def get_queryset(self):
        return Article.objects.live().with_content()
