# Two commands set everything up: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: demo test install bench extract-messages update-messages

$(INSTALLED): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(INSTALLED)

install: $(INSTALLED)

demo: $(INSTALLED)
	$(BIN)/python scripts/demo.py

test: $(INSTALLED)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(INSTALLED)
	$(BIN)/python -m bench

extract-messages: $(INSTALLED)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o portal_site/translations/messages.pot .

update-messages: extract-messages
	$(BIN)/pybabel update -i portal_site/translations/messages.pot -d portal_site/translations --no-fuzzy-matching
