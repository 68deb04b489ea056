"""The settings file: the shipped one complete and commented, a user file replacing values key
by key, and every kind of bad file a DataError naming the file and the setting."""

from __future__ import annotations

import dataclasses
import re
from importlib import resources

import pytest

from eventlens.config import Config
from eventlens.errors import DataError
from eventlens.settings import SHIPPED_FILE, load_settings, shipped_settings

SHIPPED_TEXT = resources.files("eventlens").joinpath(SHIPPED_FILE).read_text(encoding="utf-8")


def write(tmp_path, text: str):
    path = tmp_path / "my-settings.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_settings_are_what_config_carries():
    assert Config().settings == shipped_settings() == load_settings(None)
    assert shipped_settings().resolver.threshold == 3.1
    assert shipped_settings().pipeline.batch_size == 32


def test_every_shipped_value_says_what_it_is_for():
    lines = SHIPPED_TEXT.splitlines()
    uncommented = [
        line
        for n, line in enumerate(lines)
        if re.match(r"^\w+ = ", line) and not (n and lines[n - 1].startswith("#"))
    ]
    assert not uncommented


def test_a_user_file_replaces_only_its_own_keys(tmp_path):
    settings = load_settings(
        write(tmp_path, "[resolver]\nthreshold = 3.4\n\n[resolver.feature_bonus]\nadmin1 = 0.3\n")
    )
    shipped = shipped_settings()
    bonus = dataclasses.replace(shipped.resolver.feature_bonus, admin1=0.3)
    assert settings.resolver == dataclasses.replace(shipped.resolver, threshold=3.4, feature_bonus=bonus)
    others = [f.name for f in dataclasses.fields(shipped) if f.name != "resolver"]
    assert [getattr(settings, name) for name in others] == [getattr(shipped, name) for name in others]


def test_a_whole_number_is_taken_for_a_decimal_one(tmp_path):
    settings = load_settings(write(tmp_path, "[resolver]\nthreshold = 3\n"))
    assert settings.resolver.threshold == 3.0 and isinstance(settings.resolver.threshold, float)


def test_an_empty_user_file_changes_nothing(tmp_path):
    assert load_settings(write(tmp_path, "# nothing to change\n")) == shipped_settings()


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[resolver]\nthreshhold = 3.0\n", "unknown setting 'resolver.threshhold'"),
        ("[geo]\nthreshold = 3.0\n", "unknown setting 'geo'"),
        ("[resolver.feature_bonus]\nvillage = 0.1\n", "unknown setting 'resolver.feature_bonus.village'"),
        ("resolver = 3.0\n", "'resolver' is a section"),
        ('[resolver]\nthreshold = "high"\n', "setting 'resolver.threshold' must be a number"),
        ("[classifier]\ndrop_threshold = true\n", "setting 'classifier.drop_threshold' must be a number"),
        ("[pipeline]\nbatch_size = 32.5\n", "setting 'pipeline.batch_size' must be a whole number"),
        (
            "[pipeline]\nbatch_size = 0\n",
            "setting 'pipeline.batch_size' must be a finite number of at least 1",
        ),
        ("[confidence]\nfloor = -0.1\n", "setting 'confidence.floor' must be a finite number of at least 0"),
        ("[resolver]\nthreshold = nan\n", "setting 'resolver.threshold' must be a finite number"),
        ("[resolver\nthreshold = 3.0\n", "not a valid settings file"),
    ],
)
def test_a_bad_file_is_one_error_naming_the_file_and_the_setting(tmp_path, text, says):
    path = write(tmp_path, text)
    with pytest.raises(DataError) as caught:
        load_settings(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and says in message
    assert "\n" not in message


def test_a_missing_file_is_an_error(tmp_path):
    with pytest.raises(DataError, match="my-settings.toml: cannot read the settings file"):
        load_settings(tmp_path / "my-settings.toml")
