"""The environment variables trustquiz reads, each checked before a command touches anything.

A bad value is a user-facing error naming the variable (exit 1), raised before the command
opens a file, so a mistyped setting can never leave a traceback or a record behind. COLUMNS is
the exception: shells set it and programs inherit it stale, so an unusable width is replaced
by a sane one (see view/console.py) rather than refused. NO_COLOR has no bad value: by its
convention any non-empty value turns colour off.
"""

from __future__ import annotations

import os
from pathlib import Path

from trustquiz.errors import TrustquizError


def _folder(name: str) -> None:
    """A variable naming a folder: if something is there, it must be a folder."""
    value = os.environ.get(name)
    if not value:
        return
    from trustquiz.paths import expand

    path = expand(Path(value), name)
    try:
        is_file = path.exists() and not path.is_dir()
    except OSError:  # cannot be looked at (permissions): the command will say so
        return
    if is_file:
        raise TrustquizError(f"{name}={value!r} is not a folder")


def check() -> None:
    """Refuse any environment variable trustquiz reads whose value it cannot use.

    Raises:
        TrustquizError: naming the variable, its value and what it should be.
    """
    from trustquiz import clock, paths
    from trustquiz.bank.cache import CACHE_ENV_VAR

    if os.environ.get(clock.ENV_VAR):
        clock.now()
    _folder(paths.HOME_ENV_VAR)
    if os.environ.get(CACHE_ENV_VAR, "").lower() != "off":
        _folder(CACHE_ENV_VAR)
