"""Command line: `train`, `evaluate` and `lint`, meant to hang under the `alongside` console script."""

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from alongside.language.limits import MAX_TEXT_CHARS, reading_end
from alongside.language.rules import Finding, analyse

FAILING = frozenset({"stigmatizing", "directive"})
OK, FOUND, USAGE = 0, 1, 2


class LintError(Exception):
    """A file could not be linted (missing, unreadable or binary)."""


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise LintError(f"{path}: cannot read: {error.strerror or error}") from error
    if b"\x00" in raw:
        raise LintError(f"{path}: looks like a binary file; lint reads UTF-8 text only")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise LintError(f"{path}: not UTF-8 text (byte {error.start})") from error


def lint_text(text: str) -> tuple[list[tuple[int, int, Finding]], list[str]]:
    """Findings with 1-based line and column, line by line so files of any length work; and a message for
    each line longer than the coach reads at once, saying where it stopped."""
    results, unread = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        end = reading_end(line)
        if end < len(line):
            unread.append(
                f"line {number}: checked up to column {end:,} only (the coach reads {MAX_TEXT_CHARS:,} at once)"
            )
        results += [(number, f.start + 1, f) for f in analyse(line[:end]) if f.category != "autonomy_supportive"]
    return results, unread


def lint(paths: Sequence[str], output_format: str = "text") -> int:
    """Exit status: 1 when stigmatizing or directive wording is found, 2 when a file can't be read (wholly, or
    a line past the coach's limit), else 0."""
    status = OK
    records: list[dict[str, Any]] = []
    for name in paths:
        try:
            found, unread = lint_text(_read_text(Path(name)))
        except LintError as error:
            print(f"error: {error}", file=sys.stderr)
            status = USAGE
            continue
        for message in unread:
            print(f"error: {name}: {message}", file=sys.stderr)
            status = USAGE
        for line, column, finding in found:
            records.append({"path": name, "line": line, "column": column, **_finding_dict(finding)})
            if finding.category in FAILING and finding.severity == "warning" and status == OK:
                status = FOUND
    if output_format == "json":
        print(json.dumps(records, indent=2, ensure_ascii=False))
    else:
        for r in records:
            alternatives = f" Try: {'; '.join(r['alternatives'])}." if r["alternatives"] else ""
            where = f"{r['path']}:{r['line']}:{r['column']}"
            print(f'{where}: {r["category"]}: "{r["text"]}": {r["explanation"]}{alternatives}')
    return status


def _finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "text": finding.text,
        "category": finding.category,
        "severity": finding.severity,
        "explanation": finding.explanation,
        "alternatives": list(finding.alternatives),
        "source": finding.source,
    }


def train(data: Path | None, output: Path | None) -> int:
    from alongside.language import annomi, classifier, training

    examples = annomi.load(data or annomi.default_data_dir())
    target = output or classifier.MODEL_PATH
    training.fit(examples).save(target)
    print(f"wrote {target} ({target.stat().st_size / 1e6:.1f} MB) from {len(examples)} utterances")
    return OK


def evaluate(data: Path | None, folds: int, transcripts: int | None) -> int:
    """transcripts limits the run to the first N transcripts (by id), for a quick deterministic check."""
    from alongside.language import annomi, training

    examples = annomi.load(data or annomi.default_data_dir())
    if transcripts:
        keep = sorted({e.transcript for e in examples})[:transcripts]
        examples = [e for e in examples if e.transcript in set(keep)]
    started = time.perf_counter()
    report = training.cross_validate(examples, folds)
    print("\n".join(report.lines()))
    print(f"cross-validation took {time.perf_counter() - started:.1f} s")
    return OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="alongside language", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    data_help = "AnnoMI directory (default: $ALONGSIDE_ANNOMI_DIR or ../shared/datasets/annomi)"
    p_train = commands.add_parser("train", help="train the utterance model and write the shipped artefact")
    p_train.add_argument("--data", type=Path, help=data_help)
    p_train.add_argument("--output", type=Path, help="where to write the model (default: the shipped path)")
    p_eval = commands.add_parser("evaluate", help="cross-validate on the AnnoMI dev split, grouped by transcript")
    p_eval.add_argument("--data", type=Path, help=data_help)
    p_eval.add_argument("--folds", type=int, default=5)
    p_eval.add_argument("--transcripts", type=int, help="use only the first N transcripts (quick check)")
    p_lint = commands.add_parser("lint", help="point out stigmatizing, directive and judgmental wording")
    p_lint.add_argument("files", nargs="+", metavar="FILE")
    p_lint.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0) and USAGE
    from alongside.language.annomi import DataNotFound

    try:
        if args.command == "train":
            return train(args.data, args.output)
        if args.command == "evaluate":
            return evaluate(args.data, args.folds, args.transcripts)
        return lint(args.files, args.format)
    except DataNotFound as error:
        print(f"error: {error}", file=sys.stderr)
        return USAGE


if __name__ == "__main__":
    sys.exit(main())
