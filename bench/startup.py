"""How long does a newcomer wait for `alongside --help` and for the demo data? Not a test.

Each figure is the median of a few rounds, and is printed beside a reference run taken in the same rounds
(alternating with it), as a ratio: the machine is shared, and a ratio against `python -c "import django"` run
side by side says more than seconds that depend on what else is running. CPU time (user + system, of the
command and its children) moves much less with the load than wall time does; both are shown.

- `alongside --help`, `alongside createorg --help` and `alongside check` (which loads every view, as each
  real command does for Django's system checks);
- `alongside demo --no-serve` on an empty data folder: creating the database and the demo organisation,
  what `make demo` does before it serves.

    .venv/bin/python bench/startup.py [--rounds 5] [--demo-rounds 2]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
REFERENCE = [sys.executable, "-c", "import django"]
BARE = [sys.executable, "-c", "pass"]


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``argv`` (its output is discarded)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)  # noqa: S603
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def side_by_side(argv: list[str], rounds: int, env: dict[str, str], fresh_data: bool = False) -> None:
    """Run the reference and ``argv`` alternately, then print both medians and their ratios."""
    ours: list[tuple[float, float]] = []
    reference: list[tuple[float, float]] = []
    for _ in range(rounds):
        reference.append(timed(REFERENCE, env))
        if fresh_data:
            with tempfile.TemporaryDirectory() as data_dir:
                ours.append(timed(argv, env | {"ALONGSIDE_DATA_DIR": data_dir}))
        else:
            ours.append(timed(argv, env))
    wall, cpu = (statistics.median(run[i] for run in ours) for i in (0, 1))
    ref_wall, ref_cpu = (statistics.median(run[i] for run in reference) for i in (0, 1))
    name = " ".join(["alongside", *argv[1:]])
    print(
        f"{name:<34} {wall:7.2f} s wall {cpu:7.2f} s CPU | import django {ref_wall:5.2f} s wall {ref_cpu:5.2f} s CPU"
        f" | ratio {wall / ref_wall:6.1f} wall {cpu / ref_cpu:6.1f} CPU",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5, help="rounds for the quick commands")
    parser.add_argument("--demo-rounds", type=int, default=2, help="rounds for the demo data (about 20 s each)")
    args = parser.parse_args()
    alongside = str(BIN / "alongside")
    with tempfile.TemporaryDirectory() as data_dir:
        env = {key: value for key, value in os.environ.items() if not key.startswith(("DATABASE_URL", "ALONGSIDE_"))}
        env |= {"ALONGSIDE_DATA_DIR": data_dir, "ALONGSIDE_TASKS": "immediate", "ALONGSIDE_AUDIT_HEAD_FILE": ""}
        print(f"Python {sys.version.split()[0]}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        timed(BARE, env)  # warm the file cache, so the first round is not the odd one out
        bare = statistics.median(timed(BARE, env)[0] for _ in range(args.rounds))
        print(f"{'python -c pass':<34} {bare:7.2f} s wall")
        for command in (["--help"], ["createorg", "--help"], ["check"]):
            side_by_side([alongside, *command], args.rounds, env)
        side_by_side([alongside, "demo", "--no-serve"], args.demo_rounds, env, fresh_data=True)
        print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
