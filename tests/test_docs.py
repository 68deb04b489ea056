"""The README documents every command and every option of the command line (as sqlite-utils'
tests do): a new command or option fails here until the README says what it does."""

from __future__ import annotations

import click
import pytest
from typer.main import get_command
from typer.testing import CliRunner

from eventlens.cli import app
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(command: click.Command, path: tuple[str, ...] = ()):
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from _commands(sub, (*path, name))
    else:
        yield " ".join(path), command


def test_every_command_is_in_the_readme():
    missing = [name for name, _ in _commands(get_command(app)) if f"eventlens {name}" not in README]
    assert not missing, f"commands the README does not name: {missing}"


def test_every_option_is_in_the_readme():
    missing = [
        (name, option.opts)
        for name, command in _commands(get_command(app))
        for option in command.params
        if isinstance(option, click.Option)
        and not any(o in README for o in option.opts if o.startswith("--"))
    ]
    assert not missing, f"options the README does not name: {missing}"


@pytest.mark.parametrize("path", [name.split() for name, _ in _commands(get_command(app))], ids=str)
def test_help_reads_like_the_docs_without_a_type_beside_each_flag(path):
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0
    assert "--help" in result.stdout and "<bool>" not in result.stdout
