# The README's Quick start: `make demo` and `make test`. Each installs what it needs first.
.PHONY: setup demo test build release benchmarks clean

export OPENBLAS_NUM_THREADS := 1

setup:
	@bash Scripts/setup.sh

# Builds the release CLI and solves the bundled prisoner's dilemma.
demo: setup
	swift build -c release --product nash
	.build/release/nash solve Examples/games/prisoners-dilemma.csv

# Runs the whole test suite.
test: setup
	swift test

build: setup
	swift build

release: setup
	swift build -c release

# Side-by-side timings against the Python and C peers (see Benchmarks/README.md).
benchmarks: setup
	bash Benchmarks/run-side-by-side.sh

clean:
	rm -rf .build
