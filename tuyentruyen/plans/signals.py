"""Signals other apps listen to. ``plan_issued`` is sent (inside the issuing transaction) with
``revision``: the execution app turns the issued plan into tasks and topics."""

from django.dispatch import Signal

plan_issued = Signal()
