"""Logs as one JSON object a line, in UTC, that cannot carry personal data by accident.

The discipline: Stirrup's own messages name records by id or pseudonymous reference, never by
name; request lines keep the path without its query string; an error is logged as its type and
stack (file, line, function) without its message, which may quote the values that caused it
(SQLAlchemy's are also kept free of parameters by ``hide_parameters``); and every line is JSON, so
a newline in a value cannot forge a log line.
"""

from __future__ import annotations

import json
import logging
import traceback
from datetime import UTC, datetime

#: Libraries whose debug output quotes request data (geopy logs the addresses it looks up).
_QUIET = ("geopy", "urllib3", "httpx", "httpcore", "multipart", "sqlalchemy.engine")


class JsonLines(logging.Formatter):
    """One JSON object a line: when (UTC), level, logger, message, and an error's type and stack."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "at": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            entry["error"] = type(error).__name__
            entry["stack"] = [
                f"{f.filename}:{f.lineno} {f.name}" for f in traceback.extract_tb(error.__traceback__)
            ]
        return json.dumps(entry, ensure_ascii=True)


class PathsWithoutQuery(logging.Filter):
    """uvicorn's access lines without query strings (``?next=…``, filters): paths hold ids only."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "uvicorn.access" and isinstance(record.args, tuple) and len(record.args) >= 3:
            args = list(record.args)
            args[2] = str(args[2]).split("?", 1)[0]
            record.args = tuple(args)
        return True


def configure(level: str = "INFO") -> None:
    """Send every log line, uvicorn's included, through the JSON formatter on stderr."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonLines())
    handler.addFilter(PathsWithoutQuery())
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers = []
        logger.propagate = True
    for name in _QUIET:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
