"""Sample material kept beside the repository, not in it: the seed plans in ``../shared/seeds``. CI has
that folder; a bare clone does not, and then only the tests that read the seeds skip, each saying
which folder is missing. ``TUYENTRUYEN_SHARED`` points elsewhere (e.g. from a git worktree)."""

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("TUYENTRUYEN_SHARED") or REPO.parent / "shared")
SEEDS = SHARED / "seeds"
MISSING = f"needs the sample plans in {SEEDS} (beside the repository, not in it)"


def seed_files() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


def seed_params() -> list:
    """For ``parametrize``: every seed, or one skipped case that names the missing folder (an empty
    parameter set would skip with pytest's own, unhelpful reason)."""
    return seed_files() or [pytest.param(None, id="no-seeds", marks=pytest.mark.skip(reason=MISSING))]


def seed_text(name: str) -> str:
    path = SEEDS / f"{name}.txt"
    if not path.exists():
        pytest.skip(MISSING)
    return path.read_text(encoding="utf-8")
