"""Commands start without the heavy libraries: the coach's model and the FHIR models load only when used.

Every ``alongside`` command loads the URLs (and so every view) for Django's system checks; numpy, SciPy,
scikit-learn and fhir.resources took most of its start-up time. This checks which modules a command imports,
not how long it takes: the times are in bench/startup.py.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = {"numpy", "scipy", "sklearn", "joblib", "fhir", "fhir_core"}


def imported_modules(tmp_path: Path, *args: str) -> set[str]:
    """Every module ``alongside ARGS`` imports, from Python's own import log (-X importtime)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DATABASE_URL", "ALONGSIDE_"))}
    result = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "-X", "importtime", "-m", "alongside.cli", *args],
        env=env | {"ALONGSIDE_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    log = [line.rsplit("|", 1) for line in result.stderr.splitlines() if line.startswith("import time:")]
    return {name.strip() for _, name in log}


@pytest.mark.parametrize(
    "args",
    [["--help"], ["createorg", "--help"], ["demo", "--help"], ["check"], ["lint", "--help"]],
    ids=" ".join,
)
def test_a_command_does_not_import_the_heavy_libraries(tmp_path: Path, args: list[str]) -> None:
    modules = imported_modules(tmp_path, *args)
    assert modules & {"django.core.management.base", "alongside.language.rules"}  # the log was read
    assert {name for name in modules if name.split(".")[0] in HEAVY} == set()


def test_the_coach_loads_its_model_when_it_is_first_used(tmp_path: Path) -> None:
    script = "from alongside.language.coach import coach; print(coach('Have you thought about a meeting?').sentences)"
    result = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "main='question'" in result.stdout
