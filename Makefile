# Two commands set everything up: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# What the portal and the emulator need (make demo), then what the tests and tools add (make test).
RUNTIME := $(VENV)/.installed-runtime
INSTALLED := $(VENV)/.installed

.PHONY: demo test install screenshots audit bench fuzz attack extract-messages update-messages compile-messages add-language

$(RUNTIME): requirements.txt requirements-uv.txt scripts/install.sh
	PYTHON=$(PYTHON) scripts/install.sh requirements.txt
	touch $(RUNTIME)

$(INSTALLED): $(RUNTIME) requirements-dev.txt
	PYTHON=$(PYTHON) scripts/install.sh requirements-dev.txt
	touch $(INSTALLED)

install: $(INSTALLED)

demo: $(RUNTIME)
	$(BIN)/python scripts/demo.py

# pytest's closing line (passed, failed, skipped) is the last line printed.
test: $(INSTALLED)
	$(BIN)/ruff check
	$(BIN)/mypy
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The README's pictures, from a freshly seeded demo in Chromium: docs/screenshots/*.png.
screenshots: $(INSTALLED)
	$(BIN)/python -m scripts.screenshots

# Known vulnerabilities in what .venv holds, from PyPI's advisory data (skipped when PyPI is unreachable).
audit: $(INSTALLED)
	$(BIN)/python scripts/audit.py

bench: $(INSTALLED)
	$(BIN)/python -m bench

# 10,000 generated requests over every route, form field and role, from a new random seed each run; every
# answer >= 500 is listed (the suite's run sends 300 from a fixed seed). FUZZ_REQUESTS=N to change the count.
FUZZ_REQUESTS ?= 10000
fuzz: $(INSTALLED)
	FUZZ_REQUESTS=$(FUZZ_REQUESTS) FUZZ_SEED=random $(BIN)/python -m pytest tests/reliability/test_fuzz.py -q

# The attack and fault suite with its figures: the fuzzing above, every customer action through a faulty line to
# Stripe, brute force and timing of sign-in, Redis and SMTP down, and (with DATABASE_URL and REDIS_URL) two
# processes sharing them. Prints requests tried, 5xx, brute-force success per hour, the timing gap, the worst
# answer time under faults and duplicates after the run.
attack: $(INSTALLED)
	ATTACK_FIGURES=1 FUZZ_REQUESTS=$(FUZZ_REQUESTS) FUZZ_SEED=random $(BIN)/python -m pytest tests/reliability -q

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
