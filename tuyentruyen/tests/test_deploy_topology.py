"""deploy/topology's own command line, without bringing anything up (that is .ci/run's job: up, smoke,
down). The script must parse, say how it is used, and refuse a base port that is not a number before it
touches anything."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "deploy" / "topology"

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(SCRIPT), *args], capture_output=True, text=True, timeout=30, env=env)


def test_the_script_parses():
    assert subprocess.run(["bash", "-n", str(SCRIPT)], capture_output=True).returncode == 0


def test_no_command_prints_the_usage():
    result = run()
    assert result.returncode == 0
    for command in ("up [--base-port P]", "smoke", "bench", "down", "upstream a|b|ab"):
        assert command in result.stdout


def test_an_unknown_command_fails():
    assert run("sideways").returncode == 2


def test_a_base_port_that_is_not_a_number_is_refused(tmp_path):
    result = run("status", "--base-port", "80; rm -rf /", env={"PATH": "/usr/bin:/bin", "TOPOLOGY_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert "base port must be a number" in result.stderr


def test_commands_on_nothing_up_say_so(tmp_path):
    result = run("status", env={"PATH": "/usr/bin:/bin", "TOPOLOGY_DIR": str(tmp_path / "none")})
    assert result.returncode == 1
    assert "nothing is up" in result.stderr
