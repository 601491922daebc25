"""gunicorn settings of an app server that are code rather than flags (the flags are in deploy/topology and
docs/deploy.md): the metrics files of a previous run are removed before any worker writes."""

from tuyentruyen.lib.metrics import gunicorn_on_starting

on_starting = gunicorn_on_starting
