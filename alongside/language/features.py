"""Turn a supporter utterance (and the client's words before it) into a sparse feature matrix.

Features are hashed, never a learnt vocabulary, so the shipped model holds weights only and no
fragment of the training transcripts. Training and runtime share this one function.
"""

import re
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize

WORD_BITS = 18
CHAR_BITS = 18
CONTEXT_BITS = 16
FOCUS_BITS = 14
CLAUSE_BITS = 14

_TOKENS = r"(?u)\b\w+\b|[?!]"
_WORDS = HashingVectorizer(
    n_features=2**WORD_BITS, ngram_range=(1, 3), token_pattern=_TOKENS, alternate_sign=False, norm=None
)
_CHARS = HashingVectorizer(
    n_features=2**CHAR_BITS, analyzer="char_wb", ngram_range=(2, 5), alternate_sign=False, norm=None
)
_CONTEXT = HashingVectorizer(
    n_features=2**CONTEXT_BITS, ngram_range=(1, 2), token_pattern=_TOKENS, alternate_sign=False, norm=None
)

_FOCUS = HashingVectorizer(
    n_features=2**FOCUS_BITS, ngram_range=(1, 2), token_pattern=_TOKENS, alternate_sign=False, norm=None
)
_CLAUSE_STARTS = HashingVectorizer(n_features=2**CLAUSE_BITS, analyzer=str.split, alternate_sign=False, norm=None)
# A question clause runs from the previous sentence mark to a "?". The lookbehind lets a match start only
# there: without it, a text with no "?" is rescanned from every character (quadratic; 100,000 characters
# took 97 s).
_QUESTION = re.compile(r"(?<![^.?!])[^.?!]*\?")
_FILLER = re.compile(
    r"^(?:\W+|(?:um+|uh+|okay|ok|so|and|but|well|yeah|yes|right|alright|all right|mm-hmm|mm|hmm|now|then|oh|like|"
    r"you know|i mean|great|good|sure|cool|i see)\b)+"
)
_STUTTER = re.compile(r"\b(\w+)(?:-+\s*\1\b)+")
_WORD = re.compile(r"\w+(?:'\w+)?")

_WH_START = re.compile(r"^\W*(?:so,?\s+|and\s+|okay,?\s+|well,?\s+)?(what|how|why|when|where|who|which|tell me)\b")
_AUX_START = re.compile(
    r"^\W*(?:so,?\s+|and\s+|okay,?\s+|well,?\s+)?(do|does|did|are|is|was|were|have|has|can|could|would|will|"
    r"should|may|might)\b"
)
_REFLECT = re.compile(
    r"\b(it sounds like|sounds like|you feel|you're feeling|you are feeling|so you|you're saying|"
    r"what i'm hearing|it seems|you seem|you've been|you're not sure|part of you|on the one hand)\b"
)
_INPUT = re.compile(
    r"\b(i think|i would|i'd|i suggest|i recommend|you could|you might|you should|you need|some people|"
    r"research|studies|doctor|recommend|option|options|i can|we can|let's)\b"
)
_PERMISSION = re.compile(r"\b(would it be (ok|okay|all right|alright)|may i|can i (share|tell|offer)|mind if)\b")
_YOU = re.compile(r"\b(you|your|you're|you've|yourself)\b")
_ME = re.compile(r"\b(i|me|my|i'm|i've|we|us)\b")


def last_question(text: str) -> str:
    """The last question sentence of a turn: whether it is open or closed decides the question sub-label."""
    questions = _QUESTION.findall(text)
    return questions[-1].strip() if questions else ""


def _clause_tokens(text: str) -> str:
    """Shape of each question clause, fillers and stutters removed: first 1-3 words, last 1-2 words, length,
    "or" alternatives and the start of each comma part ("..., is there anyone ...?"). Open and closed
    questions differ mostly in how the clause starts (what/how vs do/is/you're) and how it ends (tags, "or")."""
    clauses = _QUESTION.findall(text)
    tokens = [f"questions={min(len(clauses), 3)}"]
    for k, clause in enumerate(clauses):
        where = "last" if k == len(clauses) - 1 else "earlier"
        clause = re.split(r"--|—|\.\.\.", _STUTTER.sub(r"\1", clause))[-1]
        parts = [_WORD.findall(_FILLER.sub("", part.strip())) for part in clause.split(",")]
        words = [w for part in parts for w in part]
        tokens += [f"{where}:start={'_'.join(words[:n])}" for n in (1, 2, 3) if len(words) >= n]
        tokens += [f"{where}:end={'_'.join(words[-n:])}" for n in (1, 2) if len(words) >= n]
        tokens += [f"{where}:length={min(len(words), 12) // 3}", *([f"{where}:or"] if "or" in words else [])]
        tokens += [f"{where}:part={'_'.join(part[:n])}" for part in parts[1:] for n in (1, 2) if len(part) >= n]
    return " ".join(tokens)


def _hand_features(text: str) -> list[float]:
    """Cues that MI coders name explicitly; cheap, and robust where n-grams are sparse."""
    low = text.lower().strip()
    words = low.split()
    focus = last_question(low)
    return [
        float(bool(_WH_START.search(focus))),
        float(bool(_AUX_START.search(focus))),
        float(" or " in focus),
        float(low.endswith("?")),
        float("?" in low),
        float(bool(_WH_START.search(low))),
        float(bool(_AUX_START.search(low))),
        float(bool(_REFLECT.search(low))),
        float(bool(_INPUT.search(low))),
        float(bool(_PERMISSION.search(low))),
        min(len(_YOU.findall(low)), 5) / 5,
        min(len(_ME.findall(low)), 5) / 5,
        np.log1p(len(words)) / 5,
        float(len(words) <= 3),
        min(low.count(".") + low.count("?") + low.count("!"), 5) / 5,
    ]


HAND_FEATURES = 15


def blocks(texts: Sequence[str], contexts: Sequence[str]) -> list[sp.csr_matrix]:
    """Raw counts per block: word n-grams, char n-grams, client context, question focus, question-clause
    shape, hand features."""
    low = [t.lower() for t in texts]
    hand = np.array([_hand_features(t) for t in low], dtype=np.float64).reshape(-1, HAND_FEATURES)
    return [
        _WORDS.transform(low),
        _CHARS.transform(low),
        _CONTEXT.transform([c.lower() for c in contexts]),
        _FOCUS.transform([last_question(t) for t in low]),
        _CLAUSE_STARTS.transform([_clause_tokens(t) for t in low]),
        sp.csr_matrix(hand),
    ]


def fit_idf(counts: list[sp.csr_matrix]) -> list[np.ndarray]:
    """Smooth idf for each text block (as scikit-learn computes it); hand features keep weight 1."""
    idfs = []
    for block in counts[:-1]:
        df = np.bincount(block.indices, minlength=block.shape[1])
        idfs.append((np.log((1 + block.shape[0]) / (1 + df)) + 1).astype(np.float32))
    return idfs


def combine(counts: list[sp.csr_matrix], idfs: list[np.ndarray]) -> sp.csr_matrix:
    """Sublinear tf-idf, each text block scaled to unit length so no block drowns the others."""
    weighted = []
    for block, idf in zip(counts[:-1], idfs, strict=True):
        block = block.astype(np.float64)
        block.data = np.log1p(block.data)
        weighted.append(normalize(block.multiply(idf).tocsr()))
    return sp.hstack([*weighted, counts[-1]], format="csr")


TEXT_BLOCKS = 5
CONTEXT_BLOCK, CLAUSE_BLOCK = 2, 4
