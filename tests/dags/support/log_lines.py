"""A logging handler that keeps each message, for tests that read what an operator logged."""

from __future__ import annotations

import logging


class LineRecorder(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage())
