"""The restore drill of docs/operations.md, run for real: base backup + WAL archive, then point-in-time recovery.

A throwaway PostgreSQL cluster gets the Alongside schema and some people, a base backup, more changes, and is
then restored to a moment between two of those changes. What was committed before that moment must come back
(some of it only from archived WAL), what came after must not, and `audit verify` must report the gap against
the head copy kept outside the database. Locally missing PostgreSQL server programs skip this test; in CI
(CI=true) they fail it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.needs import missing

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "a long drill passphrase"


def _server_programs() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_basebackup"))
    if not found:
        missing("PostgreSQL server programs are missing: apt-get install -y postgresql")
    return found[-1].parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Cluster:
    """A PostgreSQL cluster in a scratch folder, run as the postgres user when the tests run as root."""

    bin: Path
    root: Path
    port: int

    def run(self, *command: str) -> str:
        server_program = self.bin / command[0]
        program = [str(server_program) if server_program.exists() else command[0], *command[1:]]
        as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        result = subprocess.run([*as_owner, *program], capture_output=True, text=True, timeout=120)  # noqa: S603 - fixed programs
        assert result.returncode == 0, f"{command[0]} failed: {result.stderr}"
        return result.stdout

    def sql(self, query: str) -> str:
        return self.run("psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", "alongside",
                        "-Atc", query).strip()  # fmt: skip

    def configure(self, data: Path, settings: str) -> None:
        with (data / "postgresql.conf").open("a") as conf:
            conf.write(settings)

    def start(self, data: Path) -> None:
        self.run("pg_ctl", "-D", str(data), "-l", str(self.root / f"{data.name}.log"), "-w", "-t", "60", "start")

    def stop(self, data: Path) -> None:
        self.run("pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop")


@pytest.fixture()
def cluster() -> Iterator[Cluster]:
    programs = _server_programs()
    root = Path(tempfile.mkdtemp(prefix="alongside-pitr-"))
    root.chmod(0o755)
    (root / "wal").mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(root / "wal", "postgres")
    drill = Cluster(programs, root, _free_port())
    try:
        yield drill
    finally:
        for data in ("data", "restored"):
            if (root / data / "postmaster.pid").exists():
                drill.stop(root / data)
        shutil.rmtree(root, ignore_errors=True)


def alongside(cluster: Cluster, *command: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """A management command against the drill database, with its own data folder (keys, audit head copy)."""
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{cluster.port}/alongside",
        "ALONGSIDE_DATA_DIR": str(cluster.root / "app"),
        "ALONGSIDE_PASSWORD": PASSWORD,
    }
    result = subprocess.run(  # noqa: S603 - our own manage.py with our own interpreter
        [sys.executable, "manage.py", *command], cwd=REPO, env=env, capture_output=True, text=True, timeout=300
    )
    if check:
        assert result.returncode == 0, f"{' '.join(command)} failed: {result.stderr}"
    return result


def add_person(cluster: Cluster, email: str) -> None:
    alongside(cluster, "createuser", "--org", "drill", "--email", email, "--name", email, "--role", "supporter")


def wait_for(condition: Callable[[], bool], what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def test_point_in_time_recovery_brings_back_exactly_what_was_committed_before_the_target(cluster: Cluster) -> None:
    data, base, restored, wal = (cluster.root / name for name in ("data", "base", "restored", "wal"))
    cluster.run("initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "--no-sync")
    cluster.configure(data, f"""
port = {cluster.port}
listen_addresses = '127.0.0.1'
unix_socket_directories = '{cluster.root}'
wal_level = replica
archive_mode = on
archive_command = 'test ! -f {wal}/%f && cp %p {wal}/%f'
""")  # fmt: skip
    cluster.start(data)
    cluster.run("createdb", "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres", "alongside")
    alongside(cluster, "migrate", "--verbosity", "0")
    alongside(cluster, "createorg", "Drill", "--slug", "drill")
    add_person(cluster, "in-base-backup@example.org")

    cluster.run("pg_basebackup", "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres", "-D", str(base),
                "-X", "stream", "-c", "fast")  # fmt: skip
    cluster.run("pg_verifybackup", str(base))

    add_person(cluster, "only-in-wal@example.org")
    target = cluster.sql("SELECT now()")  # read after that commit returned, so not before its commit time
    wait_for(lambda: cluster.sql(f"SELECT now() > '{target}'") == "t", "the server's clock to pass the target")
    add_person(cluster, "after-target@example.org")
    last = cluster.sql("SELECT pg_walfile_name(pg_current_wal_lsn())")
    cluster.sql("SELECT pg_switch_wal()")
    wait_for(lambda: (wal / last).exists(), f"WAL segment {last} to be archived")
    cluster.stop(data)  # the original is lost; only the base backup and the WAL archive remain

    cluster.run("cp", "-a", str(base), str(restored))
    cluster.configure(restored, f"""
restore_command = 'cp {wal}/%f %p'
recovery_target_time = '{target}'
recovery_target_action = 'promote'
""")  # fmt: skip
    (restored / "recovery.signal").touch()
    cluster.start(restored)
    wait_for(lambda: cluster.sql("SELECT pg_is_in_recovery()") == "f", "recovery to finish")

    emails = cluster.sql("SELECT string_agg(email, ' ' ORDER BY email) FROM accounts_user").split()
    assert emails == ["in-base-backup@example.org", "only-in-wal@example.org"]

    verify = alongside(cluster, "audit", "verify", check=False)
    assert verify.returncode != 0
    assert "the copy of the chain head outside the database says the log reached entry" in verify.stderr
    (cluster.root / "app" / "audit-heads.log").rename(cluster.root / "app" / "audit-heads.before-restore.log")
    assert "The audit log is intact." in alongside(cluster, "audit", "verify").stdout
