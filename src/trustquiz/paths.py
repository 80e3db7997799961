"""Where things live: the data directory and the shipped question bank."""

from __future__ import annotations

import os
from pathlib import Path

from trustquiz.errors import TrustquizError

HOME_ENV_VAR = "TRUSTQUIZ_HOME"
APP_NAME = "trustquiz"


def data_dir(home: Path | None = None) -> Path:
    """Return the data directory: `--home` > TRUSTQUIZ_HOME > the platform's user data dir."""
    if home is not None:
        return expand(home, "--home")
    env = os.environ.get(HOME_ENV_VAR)
    if env:
        return expand(Path(env), HOME_ENV_VAR)
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def expand(path: Path, given_as: str) -> Path:
    """`path` with a leading `~` or `~user` expanded; an error naming `given_as` if it can't be.

    Raises:
        TrustquizError: when the home folder `~` or `~user` stands for is unknown.
    """
    try:
        return path.expanduser()
    except RuntimeError:
        raise TrustquizError(
            f"{given_as}={str(path)!r} starts with a home folder that is not known here"
        ) from None


QUESTIONS_FOLDER = "questions"


def user_questions_dir(home: Path) -> Path:
    """Return the folder of the learner's own question files inside the data directory."""
    return home / QUESTIONS_FOLDER


def reviews_path(home: Path) -> Path:
    """Return the path of the append-only review log."""
    return home / "reviews.jsonl"


def snapshot_path(home: Path) -> Path:
    """Return the path where versions before the index kept their snapshot (now migrated)."""
    return home / "progress.json"


def lock_path(home: Path) -> Path:
    """Return the path of the lock file that serialises writers."""
    return home / ".lock"


SOURCES_FILE = "sources.toml"  # the registry of source documents, beside question files


def builtin_bank_dir() -> Path:
    """Return the shipped question bank.

    An installed wheel carries it inside the package; a source checkout (editable
    install, or tests run from the repository) has it at the top level.
    """
    packaged = Path(__file__).resolve().parent / "questions"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "questions"
