# The two README commands: `make demo` and `make test`.
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc)
PORT       ?= 8080
DEMO_DATA  ?= data/demo

.PHONY: deps build demo test unit-test asan-test checks bench clean

deps:
	@scripts/install-deps

build: deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	@scripts/run-demo $(BUILD)/leafloaf $(DEMO_DATA) $(PORT)

# Whole suite: unit + black-box tests, the shared API checks, then the
# same unit tests under AddressSanitizer + UndefinedBehaviorSanitizer.
test: build unit-test checks asan-test

unit-test:
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

checks:
	@scripts/run-checks $(BUILD)/leafloaf

asan-test: deps
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DLEAFLOAF_SANITIZE=ON \
	  -DLEAFLOAF_BUILD_BENCHMARKS=OFF -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g"
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS)

bench: build
	@scripts/run-benchmarks $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
