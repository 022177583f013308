"""The README's two commands and the scripts behind them (scripts/run.sh, test.sh, venv.sh).

The scripts run for real in a temporary copy of the project, with fake interpreters standing in
for python3, so nothing is installed and every case takes a fraction of a second.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BASH = shutil.which("bash") or "/bin/bash"
VERSION = f"{sys.version_info.major}.{sys.version_info.minor}"

# A python3 whose venv "works": `-m venv DIR` makes a venv whose python logs every call.
FAKE_PYTHON = r"""#!/bin/sh
case "$1" in
  -c) echo "{version}"; exit 0 ;;
  -m) if [ "$2" = venv ]; then
        mkdir -p "$3/bin"
        echo "home = /fake" > "$3/pyvenv.cfg"
        cat > "$3/bin/python" <<'EOS'
#!/bin/sh
echo "$*" >> "$FAKE_LOG"
[ "$1" = -c ] && echo "{version}"
exit 0
EOS
        chmod +x "$3/bin/python"
        exit 0
      fi ;;
esac
echo "unexpected: $*" >&2
exit 2
"""


def readme_commands() -> list[str]:
    """The shell commands in the README's "The two commands" section, in order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## The two commands", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```bash\n(.*?)```", section, re.S)]


def project_copy(tmp_path: Path) -> Path:
    """The scripts and requirements files in a fresh folder, like a new clone without .venv."""
    project = tmp_path / "project"
    (project / "scripts").mkdir(parents=True)
    for name in ("venv.sh", "run.sh", "test.sh"):
        shutil.copy(ROOT / "scripts" / name, project / "scripts" / name)
    (project / "requirements.txt").write_text("streamlit\n")
    (project / "requirements-dev.txt").write_text("-r requirements.txt\npytest\n")
    return project


def fake_bin(tmp_path: Path, python3: str) -> Path:
    """A folder holding only a python3 script, to put first on PATH."""
    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / "python3").write_text(python3)
    (folder / "python3").chmod(0o755)
    return folder


def run(project: Path, folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"VIRTUAL_ENV", "PYTHON", "WORKBENCH_VENV", "PYTHONPATH"}
    }
    env |= {"PATH": f"{folder}:/usr/bin:/bin", "FAKE_LOG": str(project / "calls.log")}
    return subprocess.run(
        [BASH, *args], cwd=project, env=env, capture_output=True, text=True, timeout=30
    )


def calls(project: Path) -> list[str]:
    log = project / "calls.log"
    lines = log.read_text().splitlines() if log.exists() else []
    log.unlink(missing_ok=True)
    return [line for line in lines if not line.startswith("-c ")]


def test_readme_commands_are_the_scripts_that_ci_runs() -> None:
    assert readme_commands() == ["bash scripts/run.sh", "bash scripts/test.sh"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.strip().splitlines()[-1] == "bash scripts/test.sh"
    assert 'export PATH="/usr/bin:$PATH"' in ci
    assert ".venv" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_no_script_installs_outside_the_venv() -> None:
    for path in [ROOT / ".ci" / "run", *sorted((ROOT / "scripts").glob("*.sh"))]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\bpython3 -m pip\b|^\s*pip3? install", text, re.M), path


def test_missing_venv_module_prints_the_apt_command(tmp_path: Path) -> None:
    # Debian's python3 without python3-venv: the real interpreter, with ensurepip unimportable.
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    (shadow / "ensurepip.py").write_text("raise ImportError('python3-venv is not installed')\n")
    folder = fake_bin(tmp_path, f'#!/bin/sh\nPYTHONPATH="{shadow}" exec "{sys.executable}" "$@"\n')
    project = project_copy(tmp_path)

    result = run(project, folder, "scripts/run.sh")

    assert result.returncode != 0
    assert f"apt-get install python{VERSION}-venv" in result.stderr
    assert not (project / ".venv").exists()


def test_too_old_python_is_refused_with_the_way_out(tmp_path: Path) -> None:
    folder = fake_bin(tmp_path, FAKE_PYTHON.replace("{version}", "3.10"))
    project = project_copy(tmp_path)

    result = run(project, folder, "scripts/run.sh")

    assert result.returncode != 0
    assert "Python 3.10; the workbench needs Python 3.11 or newer" in result.stderr
    assert "PYTHON=python3.12" in result.stderr
    assert not (project / ".venv").exists()


def test_requirements_install_once_until_they_change(tmp_path: Path) -> None:
    folder = fake_bin(tmp_path, FAKE_PYTHON.replace("{version}", VERSION))
    project = project_copy(tmp_path)
    install = "-m pip install --quiet --disable-pip-version-check -r requirements.txt"
    start = "-m streamlit run app.py --server.port 8502"

    first = run(project, folder, "scripts/run.sh", "--server.port", "8502")
    assert first.returncode == 0, first.stderr
    assert "Creating the virtual environment" in first.stdout
    assert calls(project) == ["-m pip --version", install, start]

    second = run(project, folder, "scripts/run.sh", "--server.port", "8502")
    assert second.returncode == 0, second.stderr
    assert second.stdout == ""
    assert calls(project) == [start]

    with (project / "requirements.txt").open("a") as file:
        file.write("pandas\n")
    assert run(project, folder, "scripts/run.sh", "--server.port", "8502").returncode == 0
    assert calls(project) == ["-m pip --version", install, start]


def test_dev_install_covers_the_runtime_requirements(tmp_path: Path) -> None:
    folder = fake_bin(tmp_path, FAKE_PYTHON.replace("{version}", VERSION))
    project = project_copy(tmp_path)
    setup = "source scripts/venv.sh; wb_venv_setup; wb_venv_require requirements-dev.txt"

    assert run(project, folder, "-c", setup).returncode == 0
    assert "-m pip install --quiet --disable-pip-version-check -r requirements-dev.txt" in calls(
        project
    )
    assert run(project, folder, "scripts/run.sh").returncode == 0
    assert calls(project) == ["-m streamlit run app.py"]

    (project / "requirements.txt").write_text("streamlit\npandas\n")
    assert run(project, folder, "-c", setup).returncode == 0
    assert any("-r requirements-dev.txt" in call for call in calls(project))


def test_an_active_venv_elsewhere_is_left_alone(tmp_path: Path) -> None:
    folder = fake_bin(tmp_path, FAKE_PYTHON.replace("{version}", VERSION))
    project = project_copy(tmp_path)
    other = tmp_path / "other-venv"
    env_setup = f"VIRTUAL_ENV={other} bash scripts/run.sh"

    result = run(project, folder, "-c", env_setup)

    assert result.returncode == 0, result.stderr
    assert f"not the active {other}" in result.stderr
    assert (project / ".venv" / "bin" / "python").exists()
    assert not other.exists()


@pytest.mark.skipif(os.environ.get("CI") != "true", reason="checks how CI ran the suite")
def test_ci_runs_the_suite_in_a_venv_made_from_debians_python() -> None:
    assert sys.prefix != sys.base_prefix, "the suite must run inside a virtual environment"
    if Path("/usr/bin/python3").exists():
        assert sys.base_prefix == "/usr", f"the venv was made from {sys.base_prefix}"
