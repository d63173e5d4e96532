"""matching/ is a pure library: walk every module's imports and refuse the web stack."""

import ast
from pathlib import Path

import matching

ALLOWED = {"numpy", "scipy", "ortools", "pyproj", "dateutil", "matching"}
FORBIDDEN = {"stirrup", "sqlalchemy", "fastapi", "pydantic", "jinja2", "starlette"}


def test_matching_imports_only_stdlib_and_numeric_libraries():
    import sys

    stdlib = set(sys.stdlib_module_names)
    for path in Path(matching.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                assert top not in FORBIDDEN, f"{path.name} imports {name}"
                assert top in ALLOWED or top in stdlib or top == "__future__", f"{path.name} imports {name}"
