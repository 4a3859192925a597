# Two commands set everything up: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: demo test install bench extract-messages update-messages compile-messages add-language

$(INSTALLED): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(INSTALLED)

install: $(INSTALLED)

demo: $(INSTALLED)
	$(BIN)/python scripts/demo.py

test: $(INSTALLED)
	$(BIN)/ruff check
	$(BIN)/mypy
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(INSTALLED)
	$(BIN)/python -m bench

# Languages: extract customer-facing messages (babel.cfg says which), merge them into every catalogue,
# compile them (the app also compiles stale catalogues at start-up). Add one with `make add-language LOCALE=it`.
TRANSLATIONS := portal_site/translations

extract-messages: $(INSTALLED)
	$(BIN)/pybabel extract -F babel.cfg --project="Billing portal" --no-location --sort-output -o $(TRANSLATIONS)/messages.pot .

update-messages: extract-messages
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --no-fuzzy-matching --ignore-obsolete

compile-messages: $(INSTALLED)
	$(BIN)/pybabel compile -d $(TRANSLATIONS) --statistics

add-language: extract-messages
	test -n "$(LOCALE)" || (echo "usage: make add-language LOCALE=it" && false)
	$(BIN)/pybabel init -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) -l $(LOCALE)
