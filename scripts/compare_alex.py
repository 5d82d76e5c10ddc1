"""Side by side: what `alex` (MIT) flags and what the coach flags, on the same sentences.

Needs Node and alex outside the repository, e.g.: mkdir /tmp/alex && cd /tmp/alex && npm install alex@11;
then: ALEX_DIR=/tmp/alex python scripts/compare_alex.py
Without alex it says how to install it and exits 0. The term list it checks is tests/language/data/alex_terms.tsv.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from alongside.language.rules import analyse

TERMS = Path(__file__).resolve().parents[1] / "tests" / "language" / "data" / "alex_terms.tsv"


def _sentences() -> list[tuple[str, bool]]:
    """One sentence per term, and whether the coach is meant to flag it (exempt terms are not)."""
    rows = [line.split("\t") for line in TERMS.read_text().splitlines() if line[:1] != "#"]
    return [(f"They said {row[0]} today.", len(row) == 2) for row in rows]


def _alex_flags(sentences: list[str], alex_dir: Path) -> list[bool]:
    """alex reports "line:column" positions; sentence i is on line 2i+1 (blank lines between)."""
    result = subprocess.run(
        [str(alex_dir / "node_modules" / ".bin" / "alex"), "--stdin", "--text"],
        input="\n\n".join(sentences),
        capture_output=True,
        text=True,
        cwd=alex_dir,
        check=False,
    )
    lines = {int(m) for m in re.findall(r"^\s*(\d+):\d+", result.stderr + result.stdout, re.MULTILINE)}
    return [2 * i + 1 in lines for i in range(len(sentences))]


def main() -> int:
    alex_dir = Path(os.environ.get("ALEX_DIR", "/tmp/alex"))
    if not shutil.which("node") or not (alex_dir / "node_modules" / ".bin" / "alex").exists():
        print(
            f"alex not found under {alex_dir}. Install it outside the repository:\n"
            f"  mkdir -p {alex_dir} && cd {alex_dir} && npm install alex@11\nthen set ALEX_DIR. Skipping."
        )
        return 0
    sentences = _sentences()
    flagged_by_alex = _alex_flags([s for s, _ in sentences], alex_dir)
    missed = 0
    print(f"{'sentence':<50} {'alex':<5} coach")
    for (sentence, expected), alex in zip(sentences, flagged_by_alex, strict=True):
        ours = [f"{f.category}/{f.severity}" for f in analyse(sentence) if f.category == "stigmatizing"]
        mark = ", ".join(ours) or ("-" if expected else "- (exempt, see term list)")
        print(f"{sentence:<50} {'yes' if alex else 'no':<5} {mark}")
        missed += alex and expected and not ours
    print(f"\nterms alex flags that the coach misses (exempt ones excluded): {missed}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
