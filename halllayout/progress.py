"""A progress bar for long builds, on the terminal's error stream, shown only after the first second."""

from __future__ import annotations

import sys
import time
from typing import TextIO

#: Seconds a build runs before the bar appears: short runs print nothing but their summary.
DELAY = 1.0
WIDTH = 30


class ProgressBar:
    """Call with (stage, done, total); draws `stage [#####-----] done/total` in place once past DELAY."""

    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.started = time.monotonic()
        self.drawn = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or time.monotonic() - self.started < DELAY:
            return
        if stage == "done":
            self.close()
            return
        filled = WIDTH * done // total if total else 0
        bar = "#" * filled + "-" * (WIDTH - filled)
        self.stream.write(f"\r{stage:<8} [{bar}] {done}/{total}   ")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        """Clear the bar's line."""
        if self.drawn:
            self.stream.write("\r" + " " * (WIDTH + 30) + "\r")
            self.stream.flush()
            self.drawn = False
