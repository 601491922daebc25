"""One-time tokens against double submission of the forms that create records.

The form carries a fresh token (``{% once_token %}``, also in the shared form partial); the view is
decorated with ``@once_per_token``. The first post with a token claims it (a unique row, so of two
posts racing only one wins) and, when it ends in a redirect to what it made, records that address;
every later post with the same token is sent there instead of creating a second record. A first post
that failed (form errors, an exception) releases its token, so the corrected form can be sent again.
Unrelated to the survey's one-time tokens against repeated respondents: this guards one browser's
repeated post, whoever sends it.
"""

import re
import secrets
import time
from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils import timezone

from .models import FormSubmission

FIELD = "once_token"
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")
KEEP = timedelta(days=2)
WAIT_SECONDS = 5.0  # how long a repeated post waits for the first to finish before saying so


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _claim(token: str, user_id) -> FormSubmission | None:
    """None when this post claimed the token; else the earlier claim."""
    try:
        with transaction.atomic():
            FormSubmission.objects.create(token=token, user_id=user_id)
        return None
    except IntegrityError:
        return FormSubmission.objects.filter(token=token).first()


def _result_url(response) -> str:
    if response.status_code in (201, 301, 302, 303) and response.get("Location"):  # 201: made, at Location
        return response["Location"]
    return response.get("HX-Redirect", "")


def _repeat(request, earlier: FormSubmission):
    deadline = time.monotonic() + WAIT_SECONDS
    while not earlier.result_url and time.monotonic() < deadline:
        time.sleep(0.2)
        earlier = FormSubmission.objects.filter(pk=earlier.pk).first()
        if earlier is None:  # the first post failed and released the token
            return None
    if earlier.result_url:
        messages.info(request, "Biểu mẫu này đã được gửi; đây là kết quả của lần gửi trước.")
        return redirect(earlier.result_url)
    return render(request, "web/once_pending.html", status=409)


def _declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def once_per_token(view=None, *, max_body: int | None = None):
    """Decorate a view that creates a record. ``max_body``: a body declared larger is left to the view to
    refuse unread (reading the token would parse, and store, the whole upload first)."""
    if view is None:
        return lambda view: once_per_token(view, max_body=max_body)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "POST" or (max_body is not None and _declared_length(request) > max_body):
            return view(request, *args, **kwargs)
        token = request.POST.get(FIELD, "")
        if not TOKEN.fullmatch(token):
            return view(request, *args, **kwargs)
        user_id = request.user.pk if request.user.is_authenticated else None
        earlier = _claim(token, user_id)
        if earlier is not None and earlier.user_id == user_id:
            response = _repeat(request, earlier)
            if response is not None:
                return response
            if _claim(token, user_id) is not None:
                return render(request, "web/once_pending.html", status=409)
        elif earlier is not None:
            return view(request, *args, **kwargs)  # another person's token: not theirs to replay
        try:
            response = view(request, *args, **kwargs)
        except BaseException:
            FormSubmission.objects.filter(token=token, result_url="").delete()
            raise
        url = _result_url(response)
        if url:
            # audit: bookkeeping of a form token (FormSubmission is not audited); the record made is
            FormSubmission.objects.filter(token=token).update(result_url=url[:1000])
        else:
            FormSubmission.objects.filter(token=token, result_url="").delete()
        return response

    return wrapper


def forget_old_submissions(now=None) -> int:
    return FormSubmission.objects.filter(created_at__lt=(now or timezone.now()) - KEEP).delete()[0]
