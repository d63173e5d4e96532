.PHONY: help install demo test lint bench messages
VENV ?= .venv

help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-8s %s\n", $$1, $$2}'

install:  ## create the virtual environment with the test tools
	python3 -m venv $(VENV) && $(VENV)/bin/pip install -q -e '.[test]'

demo:  ## fresh demo database, served on http://127.0.0.1:8000/
	$(VENV)/bin/stirrup demo

test:  ## the whole test suite (SQLite, and PostgreSQL when it answers)
	$(VENV)/bin/pytest

lint:  ## ruff and mypy
	$(VENV)/bin/ruff check stirrup matching tests && $(VENV)/bin/ruff format --check stirrup matching tests && $(VENV)/bin/mypy matching

bench:  ## the solver benchmark
	$(VENV)/bin/python -m matching.benchmark

messages:  ## extract the messages and update the French and English catalogues
	$(VENV)/bin/python -m stirrup.catalogues update
