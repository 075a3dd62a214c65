# Confide: `make run` installs and serves the demo; `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test lint bench worker clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

run: $(BIN)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo "Confide is starting: open http://$(HOST)/"
	$(BIN)/python manage.py runserver $(HOST)

test: $(BIN)/.installed
	scripts/ensure-chromium
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SECRET_KEY="$$(head -c 64 /dev/urandom | base64 | tr -d '\n/+=' | head -c 60)" \
		CONFIDE_NOTE_KEYS="$$($(BIN)/python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')" \
		DJANGO_SETTINGS_MODULE=confide.settings.production CONFIDE_VAR_DIR="$$(mktemp -d)" \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

# Benchmarks at practice-network scale on PostgreSQL; results in bench/RESULTS.md.
bench: $(BIN)/.installed
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# The background worker for production (reminders, exports): django-tasks' database backend.
worker: $(BIN)/.installed
	$(BIN)/python manage.py worker --worker-id "$$(hostname)-1"

clean:
	rm -rf $(VENV) var staticfiles
