# anysqlite: one API over mattn, modernc and ncruces.
# Every target builds with cgo and the tags that enable everything in mattn
# (FTS5, math functions), so all three drivers and every feature are linked;
# override with `make test TAGS=` to test a plain build.

GO       ?= go
TAGS     ?= sqlite_fts5 sqlite_math_functions
TAGFLAGS  = -tags '$(TAGS)'
export CGO_ENABLED ?= 1

# The fuzz targets, in package adapter. FUZZ_DRIVER_TARGETS also run on mattn.
FUZZ_TARGETS        = FuzzSQL FuzzBindRoundTrip FuzzTimeRoundTrip FuzzPragma FuzzOpen FuzzSplitSQL FuzzParsePragma
FUZZ_DRIVER_TARGETS = FuzzSQL FuzzBindRoundTrip FuzzPragma FuzzOpen
FUZZTIME ?= 5m

# The other platforms `make platforms` runs (see platforms/run.sh): their
# results are committed in docs/platforms/ and merged into docs/matrix.md.
PLATFORMS ?= linux-arm64 windows-amd64 linux-386-nocgo darwin-amd64 darwin-arm64 freebsd-amd64

.PHONY: all test lint bench cover matrix matrix-render matrix-check footprint failover platforms fuzz fuzz-ci soak example upgrade-check powerloss powerloss-ci

all: lint test

## test: every test, race detector on, all three drivers (the README's test command)
test:
	$(GO) test -race -timeout 30m $(TAGFLAGS) ./...

## lint: formatting, go.mod and go.sum tidy, and vet, with and without cgo
lint:
	@test -z "$$(gofmt -l .)" || { gofmt -l .; echo 'gofmt needed'; exit 1; }
	@$(GO) mod tidy -diff || { echo 'go.mod or go.sum is not tidy: run go mod tidy'; exit 1; }
	@cd bench/modernc && $(GO) mod tidy -diff || { echo 'bench/modernc/go.mod or go.sum is not tidy: run go mod tidy there'; exit 1; }
	$(GO) vet $(TAGFLAGS) ./...
	CGO_ENABLED=0 $(GO) vet ./...
	cd bench/modernc && $(GO) vet $(TAGFLAGS) ./...

# What the matrix shows besides the runs: the benchmark report (make
# bench), the hello-world footprint (make footprint), the power-cut
# table (make powerloss) and the rqlite failover figures (make failover),
# which vary from run to run and so are measured apart from the
# conformance run make matrix-check repeats.
MATRIXFACTS = -bench docs/bench.md -footprint docs/footprint.json -durability docs/durability.json -failover docs/failover.json

## matrix: run the conformance suite, raw-driver probes and multi-process runs; write docs/matrix.md and docs/matrix-cases.md (with the other platforms' committed docs/platforms/*.json) and docs/matrix.json
matrix:
	$(GO) run $(TAGFLAGS) ./cmd/conform -driver=all -stress -merge 'docs/platforms/*.json' $(MATRIXFACTS) -o docs/matrix.md

## matrix-render: re-render docs/matrix.md and docs/matrix-cases.md from the committed results (docs/matrix.json, docs/platforms/*.json) and facts, without running anything (after make bench, make footprint or a generator change)
matrix-render:
	$(GO) run $(TAGFLAGS) ./cmd/conform merge $(MATRIXFACTS) -o docs/matrix.md docs/matrix.json docs/platforms/*.json

## matrix-check: regenerate the matrix and fail if the committed one differs
matrix-check: matrix
	git diff --exit-code -- docs/matrix.md docs/matrix-cases.md

## footprint: build a hello world per driver cold (empty GOCACHE), plainly and with TAGS; write sizes, times and features to docs/footprint.json (about 10 min on 2 cores), then make matrix-render
footprint:
	$(GO) run $(TAGFLAGS) ./cmd/conform footprint -tags '$(TAGS)' -o docs/footprint.json

## failover: the failover ledger through the adapter on 3-node rqlite clusters (leader SIGKILLed and restarted 5 times, a follower paused), once following redirects and once with followers forwarding; write docs/failover.json (about 3 min on 2 cores), then make matrix-render
failover:
	$(GO) run $(TAGFLAGS) ./cmd/conform failover -o docs/failover.json

## platforms: install qemu, Wine and cross compilers; run the suite on linux/arm64 (qemu), windows/amd64 (Wine) and linux/386; build darwin and freebsd; then make matrix
platforms:
	platforms/install.sh
	platforms/run.sh $(PLATFORMS)
	$(MAKE) matrix

## soak: the Adversity storms for 60 s each (-v prints their ledger figures), then the multi-process and crash scenarios at soak size (8 workers x 60 s per scenario, 1000 crash cycles per driver); about 70 min
soak:
	$(GO) run $(TAGFLAGS) ./cmd/conform -driver=all -run='^Adversity/' -storm=60s -raw=false -v
	$(GO) run $(TAGFLAGS) ./cmd/conform -driver=all -stress -stress-size=soak -raw=false -run='^$$' -o soak.json

## powerloss: power cuts on a crash-simulating FUSE file system (crashfs): 500 per driver x journal mode x synchronous (2000 per driver and journal mode); writes docs/durability.md and docs/durability.json, then make matrix-render (about 75 min on 2 cores; needs /dev/fuse and root or fusermount)
powerloss:
	$(GO) run $(TAGFLAGS) ./cmd/powerloss -size=full -o docs/durability.md
	$(MAKE) matrix-render

## powerloss-ci: the CI-size power-cut run: 6 cuts per combination, 288 in all (about 1 min); fails if a combination loses or corrupts more than SQLite documents; says so and passes where FUSE is unavailable
powerloss-ci:
	$(GO) run $(TAGFLAGS) ./cmd/powerloss -size=ci

## fuzz: run each fuzz target for FUZZTIME (a duration, default 5m, or a count such as 10000x), on modernc and again on mattn
fuzz:
	for f in $(FUZZ_TARGETS); do $(GO) test $(TAGFLAGS) -run '^$$' -fuzz "^$$f\$$" -fuzztime $(FUZZTIME) ./adapter || exit 1; done
	for f in $(FUZZ_DRIVER_TARGETS); do ANYSQLITE_DRIVER=mattn $(GO) test $(TAGFLAGS) -run '^$$' -fuzz "^$$f\$$" -fuzztime $(FUZZTIME) ./adapter || exit 1; done

## fuzz-ci: each fuzz target for 10,000 inputs (about 3 min in all on 2 cores)
# A count, not a duration: with a duration, Go 1.26's fuzz coordinator can
# report the end of -fuzztime itself as a failure ("context deadline
# exceeded", no input written) when a worker is slow to stop on a loaded
# machine (go.dev/issue/75804, fixed in Go 1.27). A count has no deadline,
# and every CI run fuzzes the same number of inputs.
fuzz-ci:
	$(MAKE) fuzz FUZZTIME=10000x

## bench: micro-benchmarks of ./bench, ./bench/ncruces and the module ./bench/modernc (BENCHCOUNT repetitions of BENCHTIME each), the cmd/sqlbench workloads (BENCHSIZE, WORKLOADCOUNT runs), then docs/bench.md and docs/bench.svg (about 15 min on 2 cores); raw results in BENCHOUT
BENCHCOUNT    ?= 6
BENCHTIME     ?= 500ms
BENCHSIZE     ?= default
WORKLOADCOUNT ?= 3
BENCHOUT      ?= .scratch/bench
bench:
	mkdir -p $(BENCHOUT)
	{ $(GO) test $(TAGFLAGS) -run '^$$' -bench . -benchmem -count $(BENCHCOUNT) -benchtime $(BENCHTIME) -timeout 0 ./bench/...; echo $$? >$(BENCHOUT)/micro.status; } | tee $(BENCHOUT)/micro.txt; exit $$(cat $(BENCHOUT)/micro.status)
	{ cd bench/modernc && $(GO) test $(TAGFLAGS) -run '^$$' -bench . -benchmem -count $(BENCHCOUNT) -benchtime $(BENCHTIME) -timeout 0 .; echo $$? >$(abspath $(BENCHOUT))/micro.status; } | tee -a $(BENCHOUT)/micro.txt; exit $$(cat $(BENCHOUT)/micro.status)
	$(GO) run $(TAGFLAGS) ./cmd/sqlbench -driver=all -size=$(BENCHSIZE) -count=$(WORKLOADCOUNT) -json -o $(BENCHOUT)/workloads.json
	$(GO) run $(TAGFLAGS) ./cmd/sqlbench report -workloads $(BENCHOUT)/workloads.json -benchtime $(BENCHTIME) -o docs/bench.md $(BENCHOUT)/micro.txt

## upgrade-check: in a temporary copy of the module, move each driver (and the rqlited the rqlite tests run) to the newest version the module proxy serves, build, run its contract tests and the conformance suite on it, and report per driver what broke (exit 1 if any did); UPGRADEFLAGS adds flags: -driver=mattn, -json -o FILE
UPGRADEFLAGS ?=
upgrade-check:
	$(GO) run ./cmd/upgradecheck -tags '$(TAGS)' $(UPGRADEFLAGS)

## cover: test coverage report in cover.html
cover:
	$(GO) test $(TAGFLAGS) -coverpkg=./... -coverprofile=cover.out ./...
	$(GO) tool cover -html=cover.out -o cover.html

## example: open a database with every driver linked into one binary
example:
	$(GO) run $(TAGFLAGS) ./examples/alldrivers
