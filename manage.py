#!/usr/bin/env python
"""Django's usual entry point; the same commands are available as ``alongside <command>``."""

from alongside.cli import main

if __name__ == "__main__":
    main()
