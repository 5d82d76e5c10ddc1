"""Every audit action reads in plain words on "Who has seen my record".

``AuditAction`` is the one list of names ``record()`` accepts (it refuses any other), so a new action without
words fails here, and words for a name the code can no longer write fail too.
"""

from alongside.audit.actions import AuditAction
from alongside.consent.accesses import ACTION_WORDS


def test_every_audit_action_has_plain_words() -> None:
    missing = {action.value for action in AuditAction} - set(ACTION_WORDS)
    assert not missing, f"Add plain words for these audit actions to consent/accesses.py ACTION_WORDS: {missing}"


def test_every_plain_words_entry_is_an_action_the_code_writes() -> None:
    unused = set(ACTION_WORDS) - {action.value for action in AuditAction}
    assert not unused, f"No code writes these audit actions any more: {unused}"


def test_words_are_plain_not_code_names() -> None:
    assert all("." not in str(words) and "_" not in str(words) for words in ACTION_WORDS.values())
