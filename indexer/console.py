"""What the command-line tools share about their terminal: progress lines on stderr, and a reader that went away."""
from __future__ import annotations

import os
import sys


def log_to_stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def output_closed() -> int:
    """The reader of our output went away (`... | head`): stop quietly, not with a traceback."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit's flush cannot fail again
    return 1
