# One entry point for building and testing Incident Desk. `make test` runs everything
# (it is what .ci/run calls). Every recipe sees cargo-installed tools (trunk,
# wasm-bindgen) and npm-installed ones (wasm-opt from binaryen, playwright).
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
CARGO_BIN := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
# A UTF-8 locale: without one Chromium renames Chinese download names to "download".
export LANG := C.UTF-8
export PATH := $(CARGO_BIN):$(CURDIR)/node_modules/.bin:$(PATH)

# Prerequisites below must run in the listed order, even under `make -j`.
.NOTPARALLEL:
.PHONY: setup dist serve test-native test-wasm test-e2e test bench bench8 bench16 bench17 bench18 clean

# Install/verify toolchain, browsers, npm packages and crates (idempotent, fast when done).
setup:
	bash scripts/setup.sh

# Release build into dist/: Trunk the page, CSS and copied files (--offline: never download);
# build_wasm.mjs the wasm modules (the first and those loaded after it) and the loader; precache.mjs dist/sw.js and the CSP.
# Then dist/incident-desk.html: the whole app in one file, for file:// (USB stick, shared drive).
dist: setup
	trunk build --release --offline
	node scripts/build_wasm.mjs dist
	node scripts/precache.mjs dist
	node scripts/single_file.mjs dist
	node scripts/compress.mjs dist

serve: dist
	node scripts/serve.mjs dist 8080

# Host unit/integration tests (domain logic), and the sync server's rule run as CouchDB runs it.
test-native: setup
	cargo test
	node tests/sync/validate_rule.mjs
	node tests/build/sync_origin.mjs

# Browser tests compiled to wasm, run in headless Chromium via chromedriver
# (runner set in .cargo/config.toml, browser flags in webdriver.json). TZ: the browser
# runs outside Beijing's zone, so tests prove the app does not rely on the local zone.
# `idb`, `idb_engine`, `idb_migrate`, `idb_settled`: the IndexedDB store behind the app, in a real browser.
# `couch`: the sync client against pouchdb-server, which scripts/with_couch.mjs starts and stops.
test-wasm: setup
	TZ=Europe/London CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 \
	  cargo test --target wasm32-unknown-unknown --test browser --test idb --test idb_engine --test idb_migrate --test idb_settled
	TZ=Europe/London CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 \
	  node scripts/with_couch.mjs cargo test --target wasm32-unknown-unknown --test couch

# Playwright against the release build, served by scripts/serve.mjs on 127.0.0.1:4173.
test-e2e: dist
	npx playwright test

test: setup test-native test-wasm test-e2e

# Figures for docs/PERFORMANCE.md (not a test: nothing here fails on a slow machine).
bench: dist
	node bench/ledger.mjs 10000

# Issue 8's figures side by side with a minimal Leptos page (the framework's floor); builds
# the floor into /tmp the first time. Needs a quiet machine: it prints the load average.
bench8: dist
	node bench/issue8.mjs dist

# Issue 16's figures with IndexedDB: 1,000 incidents × 100 events plus a 5,000-event incident and
# a 10,000-transfer ledger, seeded once through the app's own migration into a persistent Chromium
# profile (/tmp/incident-desk-bench16/seeded, reused; RESEED=1 to redo), beside an empty profile
# and the floor. Takes ~10 min the first time (seeding), ~6 min after. Prints the load average.
# RECENT_OPEN=1 SEED_DIR=/tmp/incident-desk-bench16/seeded-recent: open incidents of the last three days.
bench16: dist
	node bench/idb.mjs dist

# Issue 17's figure: a fresh workstation pulls an incident of 5,000 events from pouchdb-server
# (release build, headless Chromium); printed, not a test.
bench17: setup
	TZ=Europe/London CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=600 \
	  node scripts/with_couch.mjs cargo test --release --target wasm32-unknown-unknown --test sync_bench -- --nocapture

# Issue 18's figures: size per crate (BEFORE=<rev> adds that commit's table), the first screen's
# transfer as served, cold start beside the floor and Lighthouse (installed into /tmp once).
bench18: dist
	node bench/issue18.mjs dist

clean:
	rm -rf dist target test-results playwright-report
