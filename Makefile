# Bulwark — two commands on a fresh Debian 12 machine:
#   make serve   install what is missing, build, start the gateway
#   make test    install what is missing, build, run every test
SHELL := /bin/bash
BUILD ?= build
JOBS ?= $(shell nproc)
FUZZ_SECONDS ?= 20

.PHONY: all deps build test unit-test asan-test fuzz-test bench serve clean lint

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
	cmake --build build-fuzz -j $(JOBS)
	@bash scripts/run_fuzzers.sh build-fuzz $(FUZZ_SECONDS)

# ctest runs last so that its summary line closes the output.
test: build asan-test fuzz-test unit-test

bench: build
	$(BUILD)/bulwark_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true --benchmark_counters_tabular=true

clean:
	rm -rf build build-asan build-fuzz

# clang-tidy over the library and the CLI (uses build/compile_commands.json).
lint: build
	@files=$$(git ls-files 'src/*.cpp' 'apps/*.cpp'); \
	clang-tidy -p $(BUILD) --quiet $$files 2>/dev/null | grep -E "warning:|error:" | sort -u > $(BUILD)/clang-tidy.txt || true; \
	n=$$(wc -l < $(BUILD)/clang-tidy.txt); cat $(BUILD)/clang-tidy.txt; echo "clang-tidy: $$n findings"; test $$n -eq 0
