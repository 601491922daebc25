"""A task for tests with real worker processes: each run appends its number and the worker's pid to a file
(one short O_APPEND write, so lines of two processes never interleave)."""

import os
import time

from django_tasks import task


@task()
def record_run(path: str, number: int) -> None:
    time.sleep(0.05)  # long enough for the other worker to be looking for work meanwhile
    with open(path, "a", encoding="utf-8") as runs:
        runs.write(f"{number} {os.getpid()}\n")
