# The two README commands: `make demo` and `make test`.
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc)
PORT       ?= 8080
DEMO_DATA  ?= data/demo

.PHONY: deps build web demo test unit-test web-test asan-test checks bench clean

deps:
	@scripts/install-deps

build: deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD) -j $(JOBS)

# The web app (web/dist, served by leafloaf at /); npm ci only when the
# lockfile changed since the last install.
web: deps
	cd web && { [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund; } && npm run build

demo: build web
	@scripts/run-demo $(BUILD)/leafloaf $(DEMO_DATA) $(PORT)

# Whole suite: unit + black-box tests, the shared API checks, then the
# same unit tests under AddressSanitizer + UndefinedBehaviorSanitizer.
test: build web unit-test web-test checks asan-test

# Vitest component tests, then the browser tests on the real server.
web-test: build web
	cd web && npx vitest run && LEAFLOAF_BINARY=$(abspath $(BUILD))/leafloaf node --test e2e/shop.test.mjs

unit-test:
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

checks:
	@scripts/run-checks $(BUILD)/leafloaf

asan-test: deps
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DLEAFLOAF_SANITIZE=ON \
	  -DLEAFLOAF_BUILD_BENCHMARKS=OFF -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1"
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS)

bench: build
	@scripts/run-benchmarks $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
