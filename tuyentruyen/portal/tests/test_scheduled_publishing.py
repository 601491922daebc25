from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tuyentruyen.conftest import client_for
from tuyentruyen.jobs.schedule import registered_jobs
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.portal import services
from tuyentruyen.portal.models import Article, ArticleStatus
from tuyentruyen.portal.tasks import publish_scheduled_articles

from .conftest import write_article

pytestmark = pytest.mark.django_db


def schedule(article, user, when):
    with commune_scope(article.commune_id):
        services.schedule_article(article, user, when)


def statuses(commune):
    with commune_scope(commune):
        return dict(Article.objects.values_list("title", "status"))


def test_the_task_publishes_due_articles_only(editor_a, commune_a, commune_b, editor_b):
    now = timezone.now()
    due = write_article(commune_a, editor_a, title="Đến giờ")
    later = write_article(commune_a, editor_a, title="Chưa đến giờ")
    draft = write_article(commune_a, editor_a, title="Nháp")
    other = write_article(commune_b, editor_b, title="Xã khác đến giờ")
    schedule(due, editor_a, now + timedelta(minutes=5))
    schedule(later, editor_a, now + timedelta(hours=5))
    schedule(other, editor_b, now + timedelta(minutes=10))
    with time_machine.travel(now + timedelta(minutes=30)):
        published = publish_scheduled_articles.call()
        again = publish_scheduled_articles.call()  # a second worker finds nothing left to do
    assert sorted(published) == sorted([due.pk, other.pk]) and again == []
    assert statuses(commune_a) == {"Đến giờ": "published", "Chưa đến giờ": "scheduled", draft.title: "draft"}


def test_scheduling_enqueues_a_deferred_task(editor_a, commune_a, django_capture_on_commit_callbacks):
    article = write_article(commune_a, editor_a)
    when = timezone.now() + timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(editor_a).post(f"/tin-bai/{article.pk}/hen-gio/",
                                  {"publish_at": timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")})
    assert statuses(commune_a)[article.title] == ArticleStatus.SCHEDULED
    task = DBTaskResult.objects.get(task_path__endswith="publish_scheduled_articles")
    assert task.run_after is not None and abs((task.run_after - when).total_seconds()) < 60


def test_the_command_and_the_scheduler_catch_up(editor_a, commune_a):
    article = write_article(commune_a, editor_a)
    schedule(article, editor_a, timezone.now() + timedelta(minutes=1))
    assert "portal.publish_scheduled_articles" in {job.name for job in registered_jobs()}
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        call_command("publish_scheduled")
    assert statuses(commune_a)[article.title] == ArticleStatus.PUBLISHED


def test_a_scheduled_article_is_not_public_before_its_time(editor_a, commune_a):
    from django.test import Client

    article = write_article(commune_a, editor_a)
    schedule(article, editor_a, timezone.now() + timedelta(hours=1))
    assert Client().get(f"/{commune_a.slug}/tin-tuc/{article.pk}/").status_code == 404
