# The two commands a newcomer needs: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < requirements.lock | cut -d' ' -f1)

.PHONY: install run test lint messages bench

install: $(STAMP)

$(STAMP): requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@rm -f $(VENV)/.installed-*
	@touch $@

run: install
	@scripts/run

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run
	DEBUG=true $(BIN)/python manage.py spectacular --validate --fail-on-warn --file /dev/null

test: lint
	scripts/test

messages: install
	DEBUG=true $(BIN)/python manage.py makemessages --locale zh_Hans --no-obsolete --ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*'
	DEBUG=true $(BIN)/python manage.py compilemessages --locale zh_Hans --ignore '.venv/*'

# SCALE=small|province|national (default province): pages and endpoints, then the reminder sweep
# (over the national item count with SCALE=national), then a 100,000-row Excel export.
SWEEP = $(if $(filter national,$(SCALE)),national,province)
bench: install
	$(BIN)/python bench/run.py $(SCALE)
	$(BIN)/python bench/reminder_sweep.py build $(SWEEP)
	$(BIN)/python bench/reminder_sweep.py sweep $(SWEEP)
	$(BIN)/python bench/reminder_sweep.py build province
	$(BIN)/python bench/reminder_sweep.py export province
