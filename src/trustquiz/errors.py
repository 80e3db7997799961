"""The user-facing error types: anything raised as one of these is shown as `error: ...`."""

from __future__ import annotations

from pathlib import Path


class TrustquizError(Exception):
    """An error the user can act on; the CLI prints its message and exits 1."""


class QuestionFileError(TrustquizError):
    """A problem in a question file, located by path and line."""

    def __init__(
        self,
        path: Path | str,
        line: int | None,
        message: str,
        severity: str = "error",
        question_id: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        self.severity = severity
        self.question_id = question_id
        super().__init__(self.location() + ": " + message)

    def location(self) -> str:
        """Return `path:line`, or just the path when the line is unknown.

        Control characters in the path (a newline in a file name) are shown as codes, so a
        problem stays on one line.
        """
        from trustquiz.safetext import visible

        path = visible(str(self.path), one_line=True)
        return f"{path}:{self.line}" if self.line is not None else path


class BankError(TrustquizError):
    """One or more question files are invalid."""

    def __init__(self, problems: list[QuestionFileError]) -> None:
        self.problems = problems
        lines = [str(p) for p in problems]
        super().__init__("\n".join(lines))


class ProgressError(TrustquizError):
    """The progress store cannot be read or written safely."""


class ClockError(TrustquizError):
    """TRUSTQUIZ_NOW is set but is not a usable time."""
