"""``scripts/supervise.sh``, which ``./run`` uses: a process that stops is restarted alone, with a
growing pause, while its neighbour keeps running; stopping the supervisor stops its process."""

import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]

SCRIPT = r"""
set -euo pipefail
source scripts/supervise.sh
supervise flaky bash -c 'echo started; exit 3' & flaky=$!
supervise steady bash -c 'echo $$ >> "$VAR_DIR/steady.pids"; exec sleep 60' & steady=$!
sleep 3.6
kill -TERM "$flaky" "$steady"
wait "$flaky" "$steady"
"""


def test_a_stopped_process_is_restarted_alone_and_stopped_with_its_supervisor(tmp_path):
    done = subprocess.run(["bash", "-c", SCRIPT], cwd=REPO, env={"VAR_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    flaky = (tmp_path / "flaky.log").read_text()
    assert flaky.count("started") >= 2
    assert "flaky đã dừng (mã 3); khởi động lại sau 1 giây" in flaky
    assert flaky.index("sau 1 giây") < flaky.index("sau 2 giây")  # the pause doubles
    pids = (tmp_path / "steady.pids").read_text().split()
    assert len(pids) == 1  # its neighbour was never restarted
    assert subprocess.run(["kill", "-0", pids[0]], capture_output=True).returncode != 0  # and it is gone now
