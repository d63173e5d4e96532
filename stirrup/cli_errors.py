"""How a command-line error reads: one line naming the problem, and exit code 2 (bad input).

Kept apart from ``stirrup.cli`` so that the command groups it mounts (``stirrup import …``) use
the same decorator without importing the whole command line.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import typer

from stirrup.errors import InvalidInput, StirrupError

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(command: F) -> F:
    """Turn a StirrupError into one readable line on stderr and exit code 2 (bad input)."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except InvalidInput as error:
            for problem in error.problems:
                typer.echo(f"error: {problem.field}: {problem.message}", err=True)
            raise typer.Exit(2) from None
        except StirrupError as error:
            typer.echo(f"error: {error.message}", err=True)
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]
