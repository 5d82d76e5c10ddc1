"""The suite's own guards notice what they are there to notice."""

import signal

from .conftest import changed_signal_handlers, restore_signal_handlers, signal_handlers


def test_a_signal_handler_left_behind_is_noticed_and_put_back() -> None:
    before = signal_handlers()
    signal.signal(signal.SIGTERM, lambda *_: None)
    try:
        assert changed_signal_handlers(before) == ["SIGTERM"]
    finally:
        restore_signal_handlers(before)
    assert changed_signal_handlers(before) == []
