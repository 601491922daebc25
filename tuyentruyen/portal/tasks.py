"""Background work of the portal: scheduled publishing and bulletin audio."""


from django_tasks import task

from tuyentruyen.jobs.schedule import register_every

from . import services


@task()
def publish_scheduled_articles() -> list[int]:
    """Publish the scheduled articles that are due, in every commune. Enqueued with ``run_after`` when an
    editor schedules an article, and by the scheduler as a catch-up; safe to run twice at once."""
    return services.publish_due_articles()


@task()
def render_bulletin_audio(bulletin_id: int) -> str:
    return services.render_audio(bulletin_id)


# A catch-up for articles whose deferred task was lost (worker down at the time, database restored).
# The scheduler only knows daily jobs today; an "every few minutes" registration is requested upstream.
register_every("portal.publish_scheduled_articles", publish_scheduled_articles, 5)
