# anysqlite: one API over mattn, modernc and ncruces.
# Every target builds with cgo and the sqlite_fts5 tag, so all three drivers
# and FTS5 are linked; override with `make test TAGS=` to test without.

GO      ?= go
TAGS    ?= sqlite_fts5 sqlite_math_functions
GOFLAGS_ALL = -tags '$(TAGS)'
export CGO_ENABLED ?= 1

.PHONY: all test lint bench cover matrix matrix-check fuzz example

all: lint test

## example: open a database with every driver linked into one binary
example:
	$(GO) run $(GOFLAGS_ALL) ./examples/alldrivers

## test: every test, with the race detector, on all three drivers
test:
	$(GO) test -race $(GOFLAGS_ALL) ./...

## lint: formatting and vet, with and without cgo
lint:
	@test -z "$$(gofmt -l .)" || { gofmt -l .; echo 'gofmt needed'; exit 1; }
	$(GO) vet $(GOFLAGS_ALL) ./...
	CGO_ENABLED=0 $(GO) vet ./...

## bench: benchmarks (see docs/bench.md)
bench:
	$(GO) test $(GOFLAGS_ALL) -run '^$$' -bench . -benchmem ./...

## cover: test coverage report in cover.html
cover:
	$(GO) test $(GOFLAGS_ALL) -coverpkg=./... -coverprofile=cover.out ./...
	$(GO) tool cover -html=cover.out -o cover.html

## matrix: run the conformance suite on every driver and write docs/matrix.md
matrix:
	$(GO) run $(GOFLAGS_ALL) ./cmd/conform -driver=all -o docs/matrix.md

## matrix-check: fail if docs/matrix.md is not what the code produces
matrix-check: matrix
	git diff --exit-code -- docs/matrix.md docs/matrix.json

## fuzz: run each fuzz target for a while
FUZZTIME ?= 60s
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzSplitSQL$$' -fuzztime $(FUZZTIME) ./adapter
	$(GO) test -run '^$$' -fuzz '^FuzzParsePragma$$' -fuzztime $(FUZZTIME) ./adapter
