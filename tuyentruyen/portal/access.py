"""Who writes, reviews and publishes articles and runs the broadcast schedule (see ``accounts/permissions.py``).

- Editors (Ban biên tập) review, schedule, publish and withdraw any article of the commune.
- Contributors write articles and see their own; the CCHC officer and the commune admin read all of them.
- Editors and the CCHC officer run the broadcast schedule and bulletins.
- Editors keep the news categories; whoever reads an article may preview it as residents will see it.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from tuyentruyen.accounts.models import Role
from tuyentruyen.accounts.permissions import holds

from .models import Article, ArticleStatus, NewsCategory


def can_write_articles(user) -> bool:
    return holds(user, Role.EDITOR, Role.CONTRIBUTOR, Role.OFFICER, Role.COMMUNE_ADMIN)


def can_run_broadcasts(user) -> bool:
    return holds(user, Role.EDITOR, Role.OFFICER)


def is_editor(user) -> bool:
    """Review, schedule, publish, withdraw articles."""
    return holds(user, Role.EDITOR)


def can_manage_news_categories(user) -> bool:
    """The news categories of the commune's site: the editors' choice."""
    return is_editor(user)


def get_news_category_for_user(user, category_id: int) -> NewsCategory:
    """A category of the user's own commune that the user may change (404 for another commune's)."""
    if not can_manage_news_categories(user):
        raise PermissionDenied("Chỉ biên tập viên sửa được chuyên mục tin.")
    return get_object_or_404(NewsCategory.objects.select_related("commune"), pk=category_id,
                             commune_id=user.commune_id)


def reads_every_article(user) -> bool:
    return holds(user, Role.EDITOR, Role.OFFICER, Role.COMMUNE_ADMIN)


def visible_articles(user):
    articles = Article.objects.all()  # the tenant scope keeps it to the user's commune
    if not user.is_superuser:
        articles = articles.filter(commune_id=user.commune_id)
    if not reads_every_article(user):
        articles = articles.filter(author=user)  # contributors see their own
    return articles


def get_article_for_user(user, article_id: int) -> Article:
    return get_object_or_404(visible_articles(user).select_related("author", "commune"), pk=article_id)


def can_edit_article(user, article: Article) -> bool:
    if article.status == ArticleStatus.SCHEDULED:
        return False
    if is_editor(user):
        return True
    return article.author_id == user.pk and article.status in (ArticleStatus.DRAFT, ArticleStatus.RETURNED)


def can_preview_article(user, article: Article) -> bool:
    """Whoever reads an article among the staff may see it as residents would before it is published."""
    return visible_articles(user).filter(pk=article.pk).exists()


def can_submit_article(user, article: Article) -> bool:
    return is_editor(user) or article.author_id == user.pk


def require_editor(user):
    if not is_editor(user):
        raise PermissionDenied("Chỉ biên tập viên được duyệt, hẹn giờ, đăng hoặc gỡ tin bài.")
