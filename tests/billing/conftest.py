from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def exports_dir(settings: pytest.FixtureRequest, tmp_path: Path) -> Path:
    settings.EXPORTS_DIR = tmp_path / "exports"  # type: ignore[attr-defined]
    return settings.EXPORTS_DIR  # type: ignore[attr-defined]
