# One entry point for the local stack, the tests and the pipeline. `make help` lists targets.
# Services run as local processes on 127.0.0.1 (ports: stack/stack.env); everything they
# download, store or log lives under var/ (git-ignored).
SHELL := /bin/bash
.DEFAULT_GOAL := help
SERVICES ?=
STACK := bash stack/stack.sh

.PHONY: help setup up up-airflow down status ensure-up ui airflow logs build test test-unit \
	test-integration test-dags test-browser bench chaos run clean soak image images \
	compose-up compose-down compose-clean compose-status compose-run test-compose

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{ printf "  make %-18s %s\n", $$1, $$2 }'

setup: ## Install whatever is missing (apt, npm ci, Airflow venv, Kafka/Cassandra/Apicurio); idempotent
	bash stack/setup.sh

up: ## Start the stack: all services, or SERVICES="postgres kafka registry cassandra"
	$(STACK) up $(SERVICES)

up-airflow: ## Start Airflow (and PostgreSQL, which it needs)
	$(STACK) up postgres airflow

down: ## Stop exactly what `make up` started (pid files under var/run)
	$(STACK) down $(SERVICES)

status: ## State, pid, memory and address of each service; fails if one is not up
	@$(STACK) status $(SERVICES)

ensure-up: ## Start the stack only if some service is down
	@$(STACK) status >/dev/null 2>&1 || $(STACK) up

ui: ## Print the Airflow UI address and login
	@bash stack/ui.sh

airflow: ## The stack's airflow CLI: make airflow ARGS="dags list" (or bash stack/airflow.sh ...)
	@bash stack/airflow.sh $(ARGS)

logs: ## Last lines of every service log (var/logs)
	@tail -n 20 var/logs/*.log

build: ## Compile TypeScript into dist/ and bundle the dashboard page into dist/web
	npm run --silent build

image: ## Build the tasks image (and its pinned Debian + Node base when its inputs changed) on the stack's engine
	bash stack/images.sh tasks

images: image ## Every image of the compose stack (Debian + Maven Central + PyPI, stack/service-images.sh); incremental
	bash stack/service-images.sh

compose-up: build ## The whole stack as containers (docker-compose.yml + docker/compose.host.yml), local images, healthy
	bash stack/compose.sh up

compose-down: ## Stop and remove the compose stack's containers; its volumes (the data) stay
	bash stack/compose.sh down

compose-clean: ## compose-down and remove its volumes too (docker-compose down -v)
	bash stack/compose.sh clean

compose-status: ## Each compose service's state, health, memory
	@bash stack/compose.sh status

compose-run: ## One DAG run through the compose stack, the same summary as make run
	bash stack/compose.sh run

UNIT_TESTS := npx jest --selectProjects unit
# --forceExit: a client left open by one test file must fail that file's review, not hang CI.
INTEGRATION_TESTS := npx jest --selectProjects integration --runInBand --forceExit

test-unit: build ## Unit tests (no I/O)
	$(UNIT_TESTS)

test-integration: build ensure-up ## Integration tests against the real stack (started if down)
	$(INTEGRATION_TESTS)

test-browser: build ensure-up ## Dashboard views in headless Chromium (screenshots in var/screenshots)
	node tests/browser/run.mjs

chaos: build ensure-up ## Fault cases (WAQI faults, Kafka/Cassandra/PostgreSQL/registry/worker kills, cluster node kills); lost/duplicated tables
	bash stack/chaos.sh
	AQI_CHAOS_SERVICE_FAULTS=yes bash stack/chaos.sh --service-faults
	bash stack/cluster/chaos.sh

test-dags: ensure-up image ## Airflow DAG tests (pytest with var/venv), both runners (the stack and the tasks image first)
	bash stack/test-dags.sh

test: setup build ## Everything: setup (seconds when warm), build, unit, integration (starts the stack if down), the tasks image, browser, DAG tests (both runners), the cluster case, the compose stack
	$(UNIT_TESTS)
	@$(MAKE) --no-print-directory ensure-up
	bash stack/images.sh tasks
	$(INTEGRATION_TESTS)
	node tests/browser/run.mjs
	bash stack/test-dags.sh
	bash stack/cluster/chaos.sh
	bash stack/test-compose.sh

test-compose: build ensure-up ## The compose stack beside the local one (its own project, ports +10000): up, a run, crashes mid-run, down
	bash stack/test-compose.sh

bench: ## Build, then run every benchmark in dist/bench
	bash bench/run.sh

# The stack's own services only (not Airflow): the soak runs the steps itself.
soak: build ## Soak: SOAK_CYCLES (30) cycles of SOAK_STATIONS (12000) stations; RSS per step, connections, counts
	@$(STACK) status postgres kafka registry cassandra >/dev/null 2>&1 || $(STACK) up postgres kafka registry cassandra
	timeout --kill-after=60 $${SOAK_TIMEOUT:-4h} node dist/bench/soak/main.js

run: ## Run the pipeline once (the main job)
	bash stack/run-pipeline.sh

clean: down ## Stop the stack and delete its data and logs (downloads and the venv stay)
	$(STACK) clean

# Cluster mode (docs/cluster.md): 3 Kafka + 3 Cassandra nodes on 127.0.0.2-4, beside the stack.
CLUSTER := bash stack/cluster/cluster.sh
.PHONY: up-cluster down-cluster status-cluster chaos-cluster clean-cluster

up-cluster: ## Three Kafka and three Cassandra nodes on 127.0.0.2-4 (RF 3); PostgreSQL/registry stay on 127.0.0.1
	$(CLUSTER) up

down-cluster: ## Stop exactly what up-cluster started (pid files under var/cluster/run)
	$(CLUSTER) down

status-cluster: ## Each cluster node, Kafka brokers and under-replicated partitions, the Cassandra ring
	@$(CLUSTER) status

chaos-cluster: ## Under load, SIGKILL a Kafka node during publish and a Cassandra node during classify; lost/duplicated row
	bash stack/cluster/chaos.sh

clean-cluster: ## Delete the stopped cluster's data and logs (var/cluster)
	$(CLUSTER) clean
