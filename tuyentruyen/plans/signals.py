"""Signals other apps listen to. ``plan_issued`` is sent (inside the issuing transaction) with
``revision``: the execution app turns the issued plan into tasks and topics. ``plan_replaced`` is sent
(in the same transaction) with ``plan`` (the replaced one), ``replaced_by`` and ``user`` when an issued plan
says it replaces the commune's earlier plan for the same period: the execution app closes its open tasks."""

from django.dispatch import Signal

plan_issued = Signal()
plan_replaced = Signal()
