# tassei — the two commands that do everything on a fresh machine:
#   make demo   extract the bundled seed report (PDF) and print its records
#   make test   build and run every test
# Both honour CARGO_TARGET_DIR (the binary is run through `cargo run`).
CARGO ?= cargo
DEMO_INPUT ?= fixtures/pdf/seed_chromium.pdf
TASSEI ?= $(CARGO) run --release --quiet --

.PHONY: demo test lint fmt bench bench-throughput fuzz fixtures clean

demo:
	$(CARGO) build --release --quiet
	mkdir -p out
	$(TASSEI) extract $(DEMO_INPUT) -o out/demo.json
	$(TASSEI) validate out/demo.json
	@python3 -c "import json; d=json.load(open('out/demo.json')); [print(r['id'], r['value'], r['unit'], r['as_of'] or '', ','.join(r['qualifiers']), 'p.%s' % r['page'] if r['page'] else '') for r in d['records']]" 2>/dev/null \
	  || $(TASSEI) extract $(DEMO_INPUT) --format jsonl

# Tests write their scratch files under a temporary directory of their own,
# removed afterwards whatever the outcome, so a run leaves nothing behind.
test:
	@tmp=$$(mktemp -d "$${TMPDIR:-/tmp}/tassei-test.XXXXXX") || exit 1; \
	status=0; \
	TMPDIR="$$tmp" $(CARGO) test --all-targets && \
	TMPDIR="$$tmp" $(CARGO) test --doc || status=$$?; \
	rm -rf "$$tmp"; \
	exit $$status

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets -- -D warnings

fmt:
	$(CARGO) fmt --all

# Regenerate the fixture PDFs (developer machines only; needs LibreOffice,
# Chromium, reportlab — see fixtures/gen/README.md). CI uses the committed PDFs.
fixtures:
	fixtures/gen/regen.sh

# Pages/s of the PDF front end, layout and whole pipeline vs pdftotext -layout.
bench:
	$(CARGO) bench --bench pipeline
	python3 bench/throughput.py --runs 3

# Only the many-page / many-file throughput and peak-RSS table.
bench-throughput:
	python3 bench/throughput.py --runs 3

# Fuzz each target FUZZ_SECONDS (cargo-fuzz on stable via RUSTC_BOOTSTRAP=1).
FUZZ_TARGETS ?= normalize rules pipeline_text pdf
FUZZ_SECONDS ?= 600
fuzz:
	command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz
	python3 fuzz/seed.py
	cd fuzz && for t in $(FUZZ_TARGETS); do \
	  RUSTC_BOOTSTRAP=1 $(CARGO) fuzz run -O $$t -- -max_total_time=$(FUZZ_SECONDS) \
	    -rss_limit_mb=1024 -timeout=10 -print_final_stats=1 || exit 1; done

clean:
	$(CARGO) clean
	rm -rf out
