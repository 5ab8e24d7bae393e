# Bulwark — two commands on a fresh Debian 12 machine:
#   make serve   install what is missing, build, start the gateway
#   make test    install what is missing, build, run every test
SHELL := /bin/bash
BUILD ?= build
JOBS ?= $(shell nproc)
FUZZ_SECONDS ?= 20

.PHONY: all deps build test unit-test asan-test fuzz-test bench bench-gateway eval-heldout eval-seeds serve clean lint

all: build

deps:
	@bash scripts/deps.sh

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

unit-test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

build-asan/build.ninja:
	cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBULWARK_SANITIZE=ON

asan-test: deps build-asan/build.ninja
	cmake --build build-asan -j $(JOBS) --target bulwark_tests bulwark
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 build-asan/bulwark_tests --gtest_brief=1

build-fuzz/build.ninja:
	CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBULWARK_FUZZ=ON -DBULWARK_DEVELOPER_MODE=OFF

fuzz-test: deps build-fuzz/build.ninja
	cmake --build build-fuzz -j $(JOBS) --target fuzzers
	@bash scripts/run_fuzzers.sh build-fuzz $(FUZZ_SECONDS)

# ctest runs last so that its summary line closes the output.
test: build asan-test fuzz-test unit-test

bench: build
	$(BUILD)/bulwark_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true --benchmark_counters_tabular=true

# Gateway latency and throughput: upstream direct vs bulwark (scanning off, every detector on),
# fixed-rate p50/p99, wrk max req/s and streaming time to first token (docs/gateway.md).
bench-gateway: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS) --target bulwark gateway_loadgen
	BUILD=$(BUILD) bash scripts/bench/gateway_bench.sh

# Detection quality on the held-out sources (docs/models.md): bulwark eval per task, with
# obfuscation robustness for every set. POLICY=file.yaml and DATASETS=dir override.
eval-heldout: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS) --target bulwark
	BULWARK=$(BUILD)/bulwark bash scripts/eval/heldout.sh

# A training recipe across seeds at equal false-positive rates (docs/models.md, "Comparing two
# recipes"): MODEL=harm|prompt_attack|document_attack SEEDS="42 7 8" THRESHOLDS="0.5 0.6 ...".
eval-seeds: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS) --target bulwark
	BULWARK=$(BUILD)/bulwark bash scripts/eval/seed_sweep.sh

# The gateway on 127.0.0.1:8080 with examples/bulwark.yaml and var/bulwark.db. A development master
# key is created once in var/master.key unless BULWARK_MASTER_KEY is set.
SERVE_LISTEN ?= 127.0.0.1:8080
serve: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS) --target bulwark
	@mkdir -p var
	@[ -s var/master.key ] || (umask 077; openssl rand -hex 24 | sed 's/^/bwk_dev_/' > var/master.key)
	@echo "bulwark: master key in var/master.key (curl -H \"Authorization: Bearer \$$(cat var/master.key)\" ...)"
	@[ -n "$$BULWARK_UPSTREAM_URL" ] || echo "bulwark: no upstream; to proxy chat completions: BULWARK_UPSTREAM_URL=http://127.0.0.1:9000/v1 BULWARK_UPSTREAM_KEY=... make serve"
	BULWARK_MASTER_KEY="$${BULWARK_MASTER_KEY:-$$(cat var/master.key)}" exec $(BUILD)/bulwark serve --config examples/bulwark.yaml --listen $(SERVE_LISTEN)

clean:
	rm -rf build build-asan build-fuzz

# clang-tidy over the library and the CLI (uses build/compile_commands.json).
lint: build
	@files=$$(git ls-files 'src/*.cpp' 'apps/*.cpp'); \
	clang-tidy -p $(BUILD) --quiet $$files 2>/dev/null | grep -E "warning:|error:" | sort -u > $(BUILD)/clang-tidy.txt || true; \
	n=$$(wc -l < $(BUILD)/clang-tidy.txt); cat $(BUILD)/clang-tidy.txt; echo "clang-tidy: $$n findings"; test $$n -eq 0
