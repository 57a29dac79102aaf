# dossier - one non-recursive Makefile (see STYLE.md 2.11)
#
#   make            build bin/ (release flags)
#   make check      unit tests, shell tests, sanitizer build, man lint
#   make demo       run the nightly pipeline on samples/ into ./dossier.db
#   make bench      throughput and memory on the samples and the corpus
#   make quality-bench  OCR quality and speed of the chain vs bare tesseract
#   make field-bench    text kept on field files without truth, vs bare tesseract
#   make deps       install the Debian packages listed in ./deps (as root)
#   make install    PREFIX=/usr/local DESTDIR=
#
# Every program is src/NAME/main.c plus the other .c files of src/NAME/,
# linked against build/libcommon.a and build/libutil.a; a new directory
# under src/ with a main.c becomes bin/dossier-NAME with no edit here.
# The front command bin/dossier is src/dossier.c, beside them.

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
MANDIR	?= $(PREFIX)/share/man
# The programs find their data relative to themselves
# (BINDIR/../share/dossier, see tagset_resolve()), so a tree installed or
# staged under any PREFIX or DESTDIR works without a rebuild; the DATADIR
# compiled in is the fallback for programs moved away from their data.
DATADIR	?= $(PREFIX)/share/dossier
# the systemd service and timer of the nightly run (contrib/); the cron
# line, logrotate file and settings example go to DATADIR/contrib
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system

BUILD	?= build
BIN	?= bin
CC	?= cc
PKGS	 = tesseract lept libtiff-4 sqlite3 libcrypto libpcre2-8 libarchive \
	   zbar libqrencode freetype2 libpng libseccomp libzstd libheif
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN	 = -Wall -Wextra -Wshadow -Wno-unused-parameter -Wformat=2 -Wno-format-truncation \
	   -Wstrict-prototypes -Wmissing-prototypes
CFLAGS	?= -O2 -g
ifdef DEVELOPER
WARN	+= -Werror
endif
ifdef SAN
CFLAGS	 = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	   -fno-sanitize-recover=undefined
LDFLAGS	+= -fsanitize=address,undefined
endif
# NOSIMD=1: the portable C of the word-at-a-time paths that have an SSE2
# twin (src/deskew, the row and histogram loops), as built where SSE2 is
# not (ARM): make check builds its sanitizer build so, so that the tests
# run both, and the unit tests compare both with leptonica
ifdef NOSIMD
CFLAGS	+= -U__SSE2__
endif
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) -Iinclude $(PKG_CFLAGS) \
	   -DDOSSIER_DATADIR='"$(DATADIR)"' -MMD -MP
# Debian's libmupdf-dev is two static archives and a mupdf.pc that names
# libraries Debian does not ship (and not harfbuzz), so its list is here.
MUPDF_LIBS = -lmupdf -lmupdf-third -lmujs -lgumbo -lharfbuzz -ljbig2dec \
	   -lopenjp2 -ljpeg -lz
LIBS	 = $(MUPDF_LIBS) $(PKG_LIBS) -lm

UTIL_SRCS   := $(wildcard src/util/*.c)
COMMON_SRCS := $(wildcard src/common/*.c)
PROG_DIRS   := $(sort $(patsubst src/%/main.c,%,$(wildcard src/*/main.c)))
PROGS	    := $(addprefix $(BIN)/dossier-,$(PROG_DIRS))
UNIT_SRCS   := $(wildcard tests/unit/test_*.c)
UNIT_BIN    := $(BUILD)/unit-tests

obj = $(patsubst %.c,$(BUILD)/%.o,$(1))

all: $(PROGS) $(BIN)/dossier-nightly $(BIN)/dossier-cluster \
    $(BIN)/dossier-migrate $(BIN)/dossier

# the front command: "dossier NAME" runs dossier-NAME (no libcommon)
$(BIN)/dossier: $(call obj,src/dossier.c) $(BUILD)/libutil.a
	@mkdir -p $(BIN)
	$(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) $(BUILD)/libutil.a

# the porcelain script beside the programs, as make install puts it
$(BIN)/dossier-nightly: pipelines/nightly
	@mkdir -p $(BIN)
	cp pipelines/nightly $@ && chmod 755 $@
$(BIN)/dossier-cluster: pipelines/cluster
	@mkdir -p $(BIN)
	cp pipelines/cluster $@ && chmod 755 $@
$(BIN)/dossier-migrate: pipelines/migrate
	@mkdir -p $(BIN)
	cp pipelines/migrate $@ && chmod 755 $@

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/libutil.a: $(call obj,$(UTIL_SRCS))
	$(AR) rcs $@ $^
$(BUILD)/libcommon.a: $(call obj,$(COMMON_SRCS))
	$(AR) rcs $@ $^

LIBDEPS = $(BUILD)/libcommon.a $(BUILD)/libutil.a

define PROG_template
$(BIN)/dossier-$(1): $(call obj,$(wildcard src/$(1)/*.c)) $(LIBDEPS)
	@mkdir -p $(BIN)
	$$(CC) $$(LDFLAGS) -o $$@ $$(filter %.o,$$^) $(LIBDEPS) $$(LIBS)
endef
$(foreach p,$(PROG_DIRS),$(eval $(call PROG_template,$(p))))

# The unit tests link every stage's transform (all .c files but main.c).
STAGE_LIB_SRCS := $(filter-out %/main.c,$(foreach p,$(PROG_DIRS),$(wildcard src/$(p)/*.c)))
$(UNIT_BIN): $(call obj,$(UNIT_SRCS) tests/unit/unit.c $(STAGE_LIB_SRCS)) $(LIBDEPS)
	$(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) $(LIBDEPS) $(LIBS)
tests/unit/list.h: $(UNIT_SRCS)
	grep -h '^DEFINE_TEST(' $(UNIT_SRCS) | sort > $@.tmp && mv $@.tmp $@
$(BUILD)/tests/unit/unit.o: tests/unit/list.h
# its pragmas call the OpenMP entry points dossier-ocr defines (omp.c)
$(BUILD)/tests/unit/test_omp.o: ALL_CFLAGS += -fopenmp

# make check: see tests/run-all.sh (JOBS=N: pieces at a time; NO_ASAN=1)
ASAN_BUILD ?= build-asan
check: all $(UNIT_BIN)
	@BUILD=$(BUILD) BIN=$(BIN) ASAN_BUILD=$(ASAN_BUILD) tests/run-all.sh

# the sanitizer build (ASan, UBSan; make check runs it with LeakSanitizer),
# with the portable C paths (NOSIMD): tests/sanitize-run.sh checks the
# SSE2 ones under the sanitizers
check-asan:
	$(MAKE) BUILD=$(ASAN_BUILD) BIN=$(ASAN_BUILD)/bin SAN=1 NOSIMD=1 all $(ASAN_BUILD)/unit-tests

# make fuzz: the libFuzzer targets tests/fuzz/fuzz_*.c (clang, see
# tests/fuzz/README) as FUZZ_BUILD/fuzz_NAME, with objects of their own
FUZZ_BUILD ?= build-fuzz
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=undefined
fuzz:
	$(MAKE) BUILD=$(FUZZ_BUILD) BIN=$(FUZZ_BUILD)/bin CC=clang \
	    CFLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link $(FUZZ_SAN)" \
	    LDFLAGS="-fsanitize=fuzzer $(FUZZ_SAN)" fuzz-targets
FUZZ_BINS := $(patsubst tests/fuzz/%.c,$(BUILD)/%,$(wildcard tests/fuzz/fuzz_*.c))
fuzz-targets: $(FUZZ_BINS)
.PRECIOUS: $(BUILD)/tests/fuzz/%.o
$(BUILD)/libingest.a: $(call obj,$(filter-out %/main.c,$(wildcard src/ingest/*.c)))
	$(AR) rcs $@ $^
$(BUILD)/libdeskew.a: $(call obj,$(filter-out %/main.c,$(wildcard src/deskew/*.c)))
	$(AR) rcs $@ $^
$(BUILD)/fuzz_%: $(BUILD)/tests/fuzz/fuzz_%.o $(BUILD)/libingest.a \
    $(BUILD)/libdeskew.a $(LIBDEPS)
	$(CC) $(LDFLAGS) -o $@ $< $(BUILD)/libingest.a $(BUILD)/libdeskew.a \
	    $(LIBDEPS) $(LIBS)

# print-libs - the link flags, for tools built outside this Makefile
print-libs:
	@echo $(LIBS)

bench: all
	@tests/bench.sh
	@tests/bench-cluster.sh

# quality-bench - CER, word F1, erased pages, language and speed of the
# whole chain against bare tesseract on the corpus's real scans (QB_MAX=N
# pages per set, QB_JOBS, QB_SETS)
quality-bench: all
	@nice -n 10 tests/quality-bench.sh

# field-bench - the field corpus's images and PDFs, which have no truth:
# letters read by the chain against bare tesseract, page by page
field-bench: all
	@nice -n 10 tests/field-bench.sh

# degrade-bench - real typescripts with truth degraded the ways office
# scans are, through the chain and bare tesseract (tests/degrade-bench.sh)
degrade-bench: all
	@nice -n 10 tests/degrade-bench.sh

# sanitize-run - the whole chain built with ASan+UBSan, leaks on, over the
# samples, the field corpus and a hostile set (SAN_SETS="samples hostile
# field/naps2": some); valgrind-run - one small run under memcheck
SAN_SETS ?=
sanitize-run:
	@tests/sanitize-run.sh $(SAN_SETS)
valgrind-run:
	@tests/valgrind-run.sh

demo: deps all
	@rm -rf demo-spool
	pipelines/nightly -k -s ./demo-spool -a ./dossier.db -w 0 \
	    -r samples/registry.csv samples/inbox

deps:
	@tools/install-deps.sh deps

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 \
	    $(DESTDIR)$(DATADIR)/tagsets
	install -m 755 $(PROGS) $(BIN)/dossier $(DESTDIR)$(BINDIR)/
	install -m 755 pipelines/nightly $(DESTDIR)$(BINDIR)/dossier-nightly
	install -m 755 pipelines/cluster $(DESTDIR)$(BINDIR)/dossier-cluster
	install -m 755 pipelines/migrate $(DESTDIR)$(BINDIR)/dossier-migrate
	install -d $(DESTDIR)$(SYSTEMDUNITDIR) $(DESTDIR)$(DATADIR)/contrib
	for f in dossier-nightly.service dossier-nightly.timer; do \
	    sed 's|@BINDIR@|$(BINDIR)|g' contrib/$$f \
	    >$(DESTDIR)$(SYSTEMDUNITDIR)/$$f && \
	    chmod 644 $(DESTDIR)$(SYSTEMDUNITDIR)/$$f || exit 1; done
	for f in dossier-nightly.cron dossier.logrotate nightly.conf; do \
	    sed 's|@BINDIR@|$(BINDIR)|g' contrib/$$f \
	    >$(DESTDIR)$(DATADIR)/contrib/$$f && \
	    chmod 644 $(DESTDIR)$(DATADIR)/contrib/$$f || exit 1; done
	install -m 644 man/man1/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 man/man5/*.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 644 man/man7/*.7 $(DESTDIR)$(MANDIR)/man7/
	install -m 644 tagsets/*.tagset $(DESTDIR)$(DATADIR)/tagsets/

clean:
	rm -rf build build-asan build-fuzz bin tests/unit/list.h tests/trash.* demo-spool

.PHONY: print-libs all check check-asan fuzz fuzz-targets bench quality-bench degrade-bench \
    field-bench \
    sanitize-run valgrind-run demo deps install clean

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
