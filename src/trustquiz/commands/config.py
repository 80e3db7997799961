"""`trustquiz config`: show the settings, or change one (the change is logged)."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, ClassVar

from trustquiz import api, clock
from trustquiz.commands import options as o
from trustquiz.commands.loading import data_dir, say_log_problems
from trustquiz.errors import TrustquizError
from trustquiz.store.records import SettingsRecord
from trustquiz.store.state import SettingError

SETTING_KEYS = (
    "desired_retention",
    "new_per_day",
    "exam_date",
    "daily_minutes",
    "day_start",
    "learning_steps",
)
# Planned daily study turns FSRS's same-day learning steps off, in the same log line.
_DAILY_STUDY = ("daily_minutes", "exam_date")


@dataclass(frozen=True)
class Options:
    """What `trustquiz config` accepts: no key shows the settings; a key and value sets one."""

    key: Annotated[str | None, o.argument(f"A setting: {', '.join(SETTING_KEYS)}.")] = None
    value: Annotated[str | None, o.argument("Its new value (`none` clears exam_date).")] = None
    home: Annotated[Path | None, o.HOME] = None
    as_json: Annotated[bool, o.JSON] = False


@dataclass(frozen=True)
class Result:
    """Every setting after the change, if any, by name."""

    settings: dict[str, Any]
    exit_code: ClassVar[int] = 0  # these results never fail: errors are raised


def run(options: Options) -> Result:
    """Set `key` to `value` when given (`none` or empty clears it), then read the settings."""
    key, value = options.key, options.value
    store = api.open_store(data_dir(options.home), readonly=key is None)
    say_log_problems(store)
    if key is not None:
        if key not in SETTING_KEYS:
            raise TrustquizError(f"unknown setting {key!r}; one of {', '.join(SETTING_KEYS)}")
        if value is None:
            raise TrustquizError(f"give a value: trustquiz config {key} VALUE")
        new: object = None if value.lower() in ("none", "") else value
        try:
            changed = store.settings.updated({key: new})
        except SettingError as exc:
            raise TrustquizError(f"{key} {value!r}: {exc.reason}") from None
        today = clock.local_day(clock.now())
        if key == "exam_date" and changed.exam_date is not None and changed.exam_date < today:
            raise TrustquizError(
                f"exam_date {value!r}: that day has passed (today is {today.isoformat()});"
                " give the date of your next exam"
            )
        changes: dict[str, object] = {key: new}
        if key in _DAILY_STUDY and new is not None and store.settings.learning_steps:
            changes["learning_steps"] = False
        store.append(SettingsRecord(type="settings", time=clock.now(), changes=changes))
        store.save()
    return Result(store.settings.to_json())


def render(result: Result, options: Options) -> None:
    """The settings as JSON, or one `name = value` line each."""
    settings = result.settings
    if options.as_json:
        sys.stdout.write(json.dumps(settings, indent=2) + "\n")
        return
    for name in SETTING_KEYS:
        value = settings[name]
        if isinstance(value, bool):
            value = "on" if value else "off"
        shown = value if value is not None else "none"
        sys.stdout.write(f"{name} = {shown}\n")
