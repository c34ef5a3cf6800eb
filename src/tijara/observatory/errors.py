"""Domain errors: shown to people as a message (page, API JSON, command line), never a stack trace."""

from __future__ import annotations


class ObservatoryInputError(ValueError):
    """Bad input from a person or a script (a period, a filter, an option)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class IngestionRejected(Exception):
    """A file was rejected whole; ``report`` lists every problem, row by row."""

    def __init__(self, report):
        super().__init__(report.summary())
        self.report = report
