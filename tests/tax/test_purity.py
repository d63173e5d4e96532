"""The tax engine stays a pure library: no database, no web framework, no other Stirrup layer
(only stirrup.words, the standard-library leaf through which its sentences are translated)."""

import ast
from pathlib import Path

import stirrup.tax

FORBIDDEN = ("sqlalchemy", "fastapi", "starlette", "pydantic", "alembic", "psycopg", "httpx")
ENGINE = Path(stirrup.tax.__file__).parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_engine_imports_no_database_or_web_library_and_no_other_stirrup_layer():
    words = imported_modules(Path(stirrup.tax.__file__).parents[1] / "words.py")
    assert all(not module.startswith("stirrup") for module in words), words  # a leaf
    for path in ENGINE.rglob("*.py"):
        for module in imported_modules(path):
            assert not module.startswith(FORBIDDEN), f"{path.name} imports {module}"
            assert not module.startswith("stirrup.") or module.startswith(("stirrup.tax", "stirrup.words")), (
                f"{path.name}: {module}"
            )
            if path.name != "cli.py":  # the command line is the one place allowed to know Typer
                assert not module.startswith("typer"), f"{path.name} imports {module}"
