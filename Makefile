# recouvrement — set-up and main jobs. Everything installs into .venv from PyPI.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
MONTH ?=
JOBS ?= 2

.PHONY: install demo summary lab test lint bench samples clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $@

install: $(BIN)/.installed  ## create .venv and install the package with its test extras

demo: install  ## main job: the monthly audit reports (HTML + PDF) of every sample company, the portfolio report, and reports/index.html
	$(BIN)/recouvrement batch --data data/samples --out reports --jobs $(JOBS) $(if $(MONTH),--month $(MONTH)) $(if $(FORCE),--force)
	$(BIN)/recouvrement portfolio --data data/samples --out reports $(if $(MONTH),--month $(MONTH))

summary: install  ## terminal summary (aged balance, KPIs, data quality) of every sample company
	$(BIN)/recouvrement summary --data data/samples $(if $(MONTH),--month $(MONTH))

lab: install  ## open JupyterLab on the notebooks (report template and explorer)
	$(BIN)/jupyter lab notebooks/

test: install  ## the whole test suite (unit, property, architecture, notebooks under nbval, end-to-end)
	$(BIN)/python -m pytest

lint: install  ## ruff on the code and notebooks, import-linter on the layers (pyproject.toml)
	$(BIN)/ruff check recouvrement tests benchmarks notebooks tools
	$(BIN)/lint-imports

bench: install  ## benchmarks (not tests): see benchmarks/README.md
	$(BIN)/python -m benchmarks.bench_core
	$(BIN)/python -m benchmarks.bench_reports
	$(BIN)/python -m benchmarks.bench_fec

samples: install  ## regenerate data/samples from the deterministic generator
	$(BIN)/python -m tools.samples --out data/samples

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
