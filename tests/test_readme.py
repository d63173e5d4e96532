"""README.md and .ci/run stay true to each other."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    block = text.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def test_readme_opens_with_exactly_two_commands() -> None:
    text = (ROOT / "README.md").read_text()
    assert text.index("```sh") < text.index("\n## ")
    commands = _readme_commands()
    assert len(commands) == 2
    assert commands[0].endswith("stirrup demo") and commands[1].endswith("pytest")


def test_ci_runs_the_readme_test_command() -> None:
    assert _readme_commands()[1] in (ROOT / ".ci" / "run").read_text().splitlines()
