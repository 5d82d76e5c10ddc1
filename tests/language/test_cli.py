"""`lint` exit codes and formats; `evaluate` and `train` on the dataset when it is present."""

import json
from pathlib import Path

import pytest

from alongside.language import annomi
from alongside.language.cli import main
from alongside.language.limits import MAX_TEXT_CHARS, reading_end

HAS_DATA = (annomi.default_data_dir() / annomi.SIMPLE_FILE).is_file()
needs_data = pytest.mark.skipif(not HAS_DATA, reason="AnnoMI dev split not present at ../shared/datasets/annomi")


@pytest.fixture()
def note(tmp_path: Path):
    def write(text: str | bytes, name: str = "note.txt") -> str:
        path = tmp_path / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
        return str(path)

    return write


def test_lint_finds_stigmatizing(note, capsys) -> None:
    path = note("Fine line.\nHe is an addict.\n")
    assert main(["lint", path]) == 1
    assert capsys.readouterr().out.startswith(f'{path}:2:10: stigmatizing: "addict":')


def test_lint_finds_directive(note) -> None:
    assert main(["lint", note("You need to rest.")]) == 1


def test_lint_clean_file_and_judgmental_only(note, capsys) -> None:
    assert main(["lint", note("It sounds like a hard week. What would help?")]) == 0
    assert capsys.readouterr().out == ""
    assert main(["lint", note("That was lazy.")]) == 0  # reported, but does not fail
    assert "judgmental" in capsys.readouterr().out


def test_lint_notes_do_not_fail(note) -> None:
    assert main(["lint", note("What a crazy week.")]) == 0


def test_lint_json(note, capsys) -> None:
    path = note("Ok.\n  You must go, junkie.")
    assert main(["lint", path, "--format", "json"]) == 1
    records = json.loads(capsys.readouterr().out)
    assert [(r["line"], r["column"], r["category"], r["text"]) for r in records] == [
        (2, 3, "directive", "You must"),
        (2, 16, "stigmatizing", "junkie"),
    ]
    assert set(records[0]) == {
        "path",
        "line",
        "column",
        "text",
        "category",
        "severity",
        "explanation",
        "alternatives",
        "source",
    }


def test_lint_json_empty(note, capsys) -> None:
    assert main(["lint", note(""), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_lint_checks_a_line_over_the_limit_up_to_the_limit_and_says_so(note, capsys) -> None:
    long_line = "You need to rest. " * 2_000 + "He is an addict."
    path = note(f"He is a junkie.\n{long_line}\nAn addict.\n")
    assert main(["lint", path, "--format", "json"]) == 2
    output = capsys.readouterr()
    found = [(r["line"], r["text"]) for r in json.loads(output.out)]
    end = reading_end(long_line)
    directives = len(range(0, end, len("You need to rest. ")))
    assert found == [(1, "junkie"), *[(2, "You need to")] * directives, (3, "addict")]  # not line 2's addict
    assert output.err == (
        f"error: {path}: line 2: checked up to column {end:,} only (the coach reads {MAX_TEXT_CHARS:,} at once)\n"
    )


def test_lint_unreadable_binary_and_usage(note, tmp_path: Path, capsys) -> None:
    assert main(["lint", str(tmp_path / "missing.txt")]) == 2
    assert "cannot read" in capsys.readouterr().err
    assert main(["lint", note(b"\x89PNG\x00\x01", "x.png")]) == 2
    assert "binary" in capsys.readouterr().err
    assert main(["lint", note(b"caf\xe9 addict", "latin1.txt")]) == 2
    assert "UTF-8" in capsys.readouterr().err
    assert main(["lint"]) == 2
    assert main(["frobnicate"]) == 2


def test_lint_keeps_going_after_a_bad_file(note, tmp_path: Path) -> None:
    assert main(["lint", str(tmp_path / "missing.txt"), note("He is an addict.")]) == 2


def test_missing_dataset_message(tmp_path: Path, capsys) -> None:
    assert main(["evaluate", "--data", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"AnnoMI data not found at {tmp_path}" in err and "only needed for training/evaluation" in err


@needs_data
def test_evaluate_small_subset_runs(capsys) -> None:
    assert main(["evaluate", "--transcripts", "20", "--folds", "3"]) == 0
    out = capsys.readouterr().out
    assert "macro-F1 (question/reflection/input/other):" in out and "utterances/second" in out


@needs_data
def test_train_writes_a_loadable_model(tmp_path: Path) -> None:
    from alongside.language.classifier import UtteranceModel

    target = tmp_path / "m.npz"
    assert main(["train", "--output", str(target)]) == 0
    assert UtteranceModel.load(target).predict(["How are you?"])[0].main == "question"


@needs_data
def test_committed_metrics_reproduce() -> None:
    """Full grouped 5-fold CV takes about 5 s, so it runs as an ordinary test."""
    from alongside.language import training

    report = training.cross_validate(annomi.load(annomi.default_data_dir()))
    assert report.macro_f1 == pytest.approx(0.750, abs=0.01)
    assert report.open_closed_f1 == pytest.approx(0.763, abs=0.01)
    assert report.open_closed_f1_reliable == pytest.approx(0.797, abs=0.01)
    assert report.open_closed_f1_consensus == pytest.approx(0.810, abs=0.01)
    assert report.open_closed_ceiling == pytest.approx(0.824, abs=0.001)  # no model involved: exact
    assert report.coder_agreement[3] == pytest.approx(0.43, abs=0.005)
    assert report.advice_f1 == pytest.approx(0.258, abs=0.01)
