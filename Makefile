# The README's Quick start: `make demo` and `make test`. Each installs what it needs first.
.PHONY: setup demo test docs build release benchmarks clean

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

# Builds the DocC catalog of the library (Sources/Nash/Nash.docc); fails on any warning, such as a
# symbol link that no longer resolves.
docs: setup
	swift package generate-documentation --target Nash --warnings-as-errors

build: setup
	swift build

release: setup
	swift build -c release

# Side-by-side timings against the Python and C peers (see Benchmarks/README.md).
benchmarks: setup
	bash Benchmarks/run-side-by-side.sh

clean:
	rm -rf .build
