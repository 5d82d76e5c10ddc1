"""The production profile is hardened and refuses unsafe settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from alongside.accounts.models import Assignment, Membership, Role
from alongside.core.demo import build_demo, demo_logins

ROOT = Path(__file__).resolve().parent.parent
FERNET_KEY = "dGhpcy1pcy1hLXRlc3Qta2V5LTMyLWJ5dGVzLWxvbmc="
AUDIT_KEY = "an-audit-key-for-the-production-profile-tests"
SECRET = "x" * 20 + "a-long-random-production-secret-key-value-0123456789"


def production(tmp_path: Path, **overrides: str) -> dict[str, str]:
    """A production environment that passes every check; each test spoils one setting."""
    good = {
        "ALONGSIDE_ENV": "production",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "alongside.example.org",
        "ALONGSIDE_DATA_DIR": str(tmp_path),
        "ALONGSIDE_ENCRYPTION_KEYS": FERNET_KEY,
        "ALONGSIDE_AUDIT_KEYS": AUDIT_KEY,
    }
    return good | overrides


def run_manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_URL", "ALONGSIDE_", "SECRET", "DJANGO_"))
    }
    return subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=base | env,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


def test_production_profile_passes_deploy_check_without_warnings(tmp_path: Path) -> None:
    result = run_manage(production(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("DEBUG", "true", "DEBUG is on"),
        ("SECRET_KEY", "short-but-random-Zq9#", "SECRET_KEY is too weak: use at least 50"),
        ("SECRET_KEY", "django-insecure-" + "abcdefghij" * 5, "SECRET_KEY is too weak"),
        ("SECRET_KEY", "abab" * 20, "SECRET_KEY repeats too few characters"),
        ("ALONGSIDE_ENCRYPTION_KEYS", "not-a-fernet-key", "key 1 is not a Fernet key"),
        ("ALONGSIDE_ENCRYPTION_KEYS", f"{FERNET_KEY},tooshort", "key 2 is not a Fernet key"),
        ("ALLOWED_HOSTS", "*", "ALLOWED_HOSTS=* accepts any host name"),
        ("ALLOWED_HOSTS", "alongside.example.org,*", "ALLOWED_HOSTS=* accepts any host name"),
        ("ALLOWED_HOSTS", "", "ALLOWED_HOSTS is not set"),
    ],
)
def test_production_refuses_to_start_with_an_unsafe_setting(
    tmp_path: Path, setting: str, value: str, message: str
) -> None:
    result = run_manage(production(tmp_path, **{setting: value}), "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured: Refusing to start with ALONGSIDE_ENV=production" in result.stderr
    assert message in result.stderr


def test_the_same_unsafe_settings_are_allowed_outside_production(tmp_path: Path) -> None:
    env = production(tmp_path, ALONGSIDE_ENV="development", SECRET_KEY="short", ALLOWED_HOSTS="*")
    assert run_manage(env, "check").returncode == 0


def test_the_demo_refuses_to_run_in_production(tmp_path: Path) -> None:
    result = run_manage(production(tmp_path), "demo", "--no-serve")
    assert result.returncode != 0
    assert "does not run with ALONGSIDE_ENV=production" in result.stderr
    assert not (tmp_path / "alongside.sqlite3").exists()  # it stopped before creating anything


def test_the_local_database_and_keys_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    env = {"ALONGSIDE_DATA_DIR": str(tmp_path)}
    assert run_manage(env, "migrate", "-v", "0").returncode == 0
    assert run_manage(env, "createorg", "Harbour Peers").returncode == 0  # an audit entry: the head file
    for name in ("alongside.sqlite3", "secret_key", "encryption_key", "audit_key", "audit-heads.log"):
        assert (tmp_path / name).stat().st_mode & 0o077 == 0, name


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    result = run_manage({"ALONGSIDE_ENV": "production", "ALONGSIDE_DATA_DIR": str(tmp_path)}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_encryption_keys(tmp_path: Path) -> None:
    env = {"ALONGSIDE_ENV": "production", "SECRET_KEY": SECRET, "ALONGSIDE_DATA_DIR": str(tmp_path)}
    result = run_manage(env, "check")
    assert result.returncode != 0 and "ALONGSIDE_ENCRYPTION_KEYS must be set" in result.stderr


def test_production_refuses_to_start_without_audit_keys(tmp_path: Path) -> None:
    env = {
        "ALONGSIDE_ENV": "production",
        "SECRET_KEY": SECRET,
        "ALONGSIDE_ENCRYPTION_KEYS": FERNET_KEY,
        "ALONGSIDE_DATA_DIR": str(tmp_path),
    }
    result = run_manage(env, "check")
    assert result.returncode != 0 and "ALONGSIDE_AUDIT_KEYS must be set" in result.stderr


def test_production_refuses_to_turn_off_staff_two_factor(tmp_path: Path) -> None:
    result = run_manage(production(tmp_path, ALONGSIDE_REQUIRE_STAFF_2FA="false"), "check")
    assert result.returncode != 0 and "Two-factor" in result.stderr


def test_debug_is_off_unless_asked_for() -> None:
    from django.conf import settings

    assert settings.DEBUG is False


def test_no_migrations_are_missing(tmp_path: Path) -> None:
    result = run_manage({"ALONGSIDE_DATA_DIR": str(tmp_path)}, "makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_demo_builds_a_realistic_organisation() -> None:
    build_demo()
    members = Membership.objects.filter(organisation__slug="riverside")
    counts = {role: members.filter(role=role).count() for role in Role.values}
    assert counts == {"client": 36, "supporter": 3, "supervisor": 1, "admin": 1}
    assert len({member.user.display_name for member in members}) == 41
    assert Assignment.objects.filter(ended_at__isnull=False).exists()  # some history
    assert members.filter(role=Role.CLIENT).exclude(supporter_assignments__isnull=False).count() == 1
    assert [role for role, _ in demo_logins()] == ["Organisation admin", "Supervisor", "Peer supporter", "Client"]


def test_cli_demo_runs_twice_and_reuses_data(tmp_path: Path) -> None:
    env = {"ALONGSIDE_DATA_DIR": str(tmp_path)}
    first = run_manage(env, "demo", "--no-serve")
    assert first.returncode == 0, first.stderr
    assert "Creating the demo organisation" in first.stdout and "admin@riverside.example" in first.stdout
    assert "people (41)" in first.stdout and "check-ins (" in first.stdout  # a progress line per step
    second = run_manage(env, "demo", "--no-serve")
    assert second.returncode == 0 and "reusing" in second.stdout


def createuser(env: dict[str, str], password: str, org: str, email: str, role: str) -> subprocess.CompletedProcess[str]:
    args = ["createuser", "--org", org, "--email", email, "--name", email.split("@")[0].title(), "--role", role]
    return run_manage(env | {"ALONGSIDE_PASSWORD": password}, *args)


def test_cli_createorg_and_createuser(tmp_path: Path) -> None:
    env = {"ALONGSIDE_DATA_DIR": str(tmp_path)}
    assert run_manage(env, "migrate", "-v", "0").returncode == 0
    assert run_manage(env, "createorg", "Harbour Peers").returncode == 0
    duplicate = run_manage(env, "createorg", "Harbour Peers")
    assert duplicate.returncode != 0 and "already exists" in duplicate.stderr
    user = createuser(env, "a decent passphrase", "harbour-peers", "lee@example.org", "admin")
    assert user.returncode == 0, user.stderr
    weak = createuser(env, "password", "harbour-peers", "kim@example.org", "client")
    assert weak.returncode != 0 and "too common" in weak.stderr
    missing = createuser(env, "a decent passphrase", "nope", "kim@example.org", "client")
    assert "No organisation" in missing.stderr
