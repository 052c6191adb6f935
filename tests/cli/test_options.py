"""The same option names on every command: -q/-v everywhere, -o for the output."""

from __future__ import annotations

import click
import typer

from discourse.cli import app

#: ``-o`` is ``--output-dir`` wherever the output is always a folder; these two can write a file.
OUTPUT_FILE_COMMANDS = {"parse", "export"}


def commands() -> dict[str, click.Command]:
    root = typer.main.get_command(app)
    found = {}
    for name, cmd in root.commands.items():
        if hasattr(cmd, "commands"):  # a group: train, evaluate
            found.update({f"{name} {sub}": c for sub, c in cmd.commands.items()})
        else:
            found[name] = cmd
    return found


def option(cmd: click.Command, flag: str) -> click.Option | None:  # typer may bundle its own click: match by name
    return next((p for p in cmd.params if type(p).__name__.endswith("Option") and flag in p.opts), None)


def test_every_command_takes_quiet_and_verbose() -> None:
    found = commands()
    assert {"run", "parse", "score", "cluster", "report", "export", "train stance", "evaluate records"} <= set(found)
    for name, cmd in found.items():
        assert option(cmd, "-q") is not None and "--quiet" in option(cmd, "-q").opts, name
        assert option(cmd, "-v") is not None, name


def test_o_is_the_output_everywhere() -> None:
    for name, cmd in commands().items():
        out = option(cmd, "-o")
        if out is None:
            continue
        expected = "--output" if name in OUTPUT_FILE_COMMANDS else "--output-dir"
        assert out.opts == [expected, "-o"] or sorted(out.opts) == sorted([expected, "-o"]), (name, out.opts)
