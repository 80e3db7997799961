"""The exam-mode settings: daily minutes, day start, a past exam date refused, fitted parameters."""

from __future__ import annotations

from pathlib import Path

import pytest

from logfiles import log_records
from trustquiz.commands import config
from trustquiz.errors import TrustquizError
from trustquiz.store.state import SettingError, Settings


def test_daily_minutes_and_day_start_are_set_and_survive_a_rebuild(home: Path) -> None:
    config.run(config.Options(key="learning_steps", value="on"))
    config.run(config.Options(key="daily_minutes", value="30"))
    result = config.run(config.Options(key="day_start", value="0"))
    assert (result.settings["daily_minutes"], result.settings["day_start"]) == (30.0, 0)
    (home / "index.sqlite3").unlink()
    again = config.run(config.Options()).settings
    assert (again["daily_minutes"], again["day_start"]) == (30.0, 0)
    lines = log_records(home / "reviews.jsonl")
    # Planned daily study turns FSRS's same-day learning steps off, in the same line.
    assert [line["changes"] for line in lines] == [
        {"learning_steps": "on"},
        {"daily_minutes": "30", "learning_steps": False},
        {"day_start": "0"},
    ]
    assert again["learning_steps"] is False


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("day_start", "24", "day_start '24': Input should be less than or equal to 23"),
        ("day_start", "4.5", "day_start '4.5': Input should be an integer"),
        ("daily_minutes", "0", "daily_minutes '0': Input should be greater than or equal to 1"),
        (
            "exam_date",
            "2026-11-21",
            "exam_date '2026-11-21': that day has passed (today is 2026-11-22);"
            " give the date of your next exam",
        ),
    ],
)
def test_bad_values_are_refused_and_nothing_is_written(
    home: Path, key: str, value: str, message: str
) -> None:
    with pytest.raises(TrustquizError) as caught:
        config.run(config.Options(key=key, value=value))
    assert str(caught.value) == message
    assert not (home / "reviews.jsonl").exists()


def test_an_exam_today_is_allowed() -> None:
    assert config.run(config.Options(key="exam_date", value="2026-11-22")).settings[
        "exam_date"
    ] == ("2026-11-22")


def test_fitted_parameters_are_a_setting_of_21_numbers() -> None:
    fitted = Settings().updated({"parameters": [0.5] * 21})
    assert fitted.parameters == (0.5,) * 21
    assert fitted.to_json()["parameters"] == [0.5] * 21
    with pytest.raises(SettingError, match=r"^parameters: Input should be a list of 21 FSRS-6"):
        Settings().updated({"parameters": [0.5] * 3})
    assert Settings().updated({"learning_steps": False}).learning_steps is False


def test_learning_steps_can_be_turned_back_on_and_replay_as_logged(home: Path) -> None:
    config.run(config.Options(key="exam_date", value="2027-05-23"))
    assert config.run(config.Options(key="learning_steps", value="on")).settings["learning_steps"]
    with pytest.raises(
        TrustquizError, match=r"^learning_steps 'maybe': Input should be on or off$"
    ):
        config.run(config.Options(key="learning_steps", value="maybe"))
    (home / "index.sqlite3").unlink()
    assert config.run(config.Options()).settings["learning_steps"] is True
