#!/bin/bash
# t9500-fuzz: a short run of every libFuzzer target of tests/fuzz (make
# fuzz) over its seeds: a fixed number of inputs each, no crash, no leak,
# no sanitizer report.  Long runs: tests/fuzz/README.
. "$(dirname "$0")/lib.sh"

# FUZZ_BUILD: where make fuzz builds, relative to the tree (its .d files
# name relative paths); FUZZ_RUNS: inputs per target; FUZZ_DESKEW_RUNS:
# inputs of fuzz_deskew, whose every input is a whole page's cleanup
# (a few a second under the sanitizers, where a parser does thousands)
: "${FUZZ_BUILD:=build-fuzz}" "${FUZZ_RUNS:=2000}" "${FUZZ_DESKEW_RUNS:=150}"
fb=$SRCDIR/$FUZZ_BUILD
# leaks inside Debian's libraries, as make check has them (run-all.sh)
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$SRCDIR/tests/lsan.supp:print_suppressions=0}
targets="tagset csv index meta cover text link model image pdf archive deskew coverpage"
# the files the targets write go to the trash dir, even after a crash
mkdir -p "$TRASH/tmp" && export TMPDIR="$TRASH/tmp"

# libFuzzer is there if clang links a trivial target with it
have_fuzzer() {
	command -v clang >/dev/null 2>&1 || return 1
	printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
	    'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
	    'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)' \
	    '{ (void)d; (void)n; return 0; }' >probe.c &&
	clang -fsanitize=fuzzer,address,undefined -o probe probe.c \
	    >/dev/null 2>&1
}

# seeds NAME DIR - the target's seeds from the tree, and the small files
# of the shared corpus it reads (copied here, never into the tree)
seeds() {
	local pat
	mkdir -p "$2" &&
	cp "$SRCDIR/tests/fuzz/corpus/$1"/* "$2"/ || return 1
	case $1 in
	image) pat='.*\.\(png\|tif\|tiff\|jpg\|gif\|webp\|pdf\|heic\)' ;;
	pdf) pat='.*\.pdf' ;;
	archive) pat='.*\.\(zip\|tar\|gz\|bz2\|xz\)' ;;
	csv | index) pat='.*\.\(csv\|tsv\)' ;;
	text) pat='.*\.gt\.txt' ;;
	*) return 0 ;;
	esac
	[ -d "$CORPUS" ] || return 0
	find "$CORPUS" -type f -size -50k -regex "$pat" 2>/dev/null |
	    sort | head -n 40 | while read -r f; do
		cp "$f" "$2/c-$(printf %s "$f" | sha256sum | cut -c1-12)" ||
		    exit 1
	done
}

# fuzz_run NAME - target NAME over its seeds, FUZZ_RUNS inputs; on a
# finding, the end of the fuzzer's output and the artifacts it wrote.
# No slow-unit artifacts: libFuzzer writes one for an input that took 10 s
# of wall time, which a loaded machine (a stalled fsync of the archive
# target's spool) can take with no fault of the code; a hang is still
# found, by libFuzzer's -timeout (1200 s an input)
fuzz_run() {
	local n rc=0 runs=$FUZZ_RUNS len=65536
	# a page of drawing commands: 4 KiB is 680 of them
	[ "$1" = deskew ] && runs=$FUZZ_DESKEW_RUNS len=4096
	[ "$1" = coverpage ] && len=4096
	"$fb/fuzz_$1" -runs=$runs -seed=1 -max_len=$len \
	    -report_slow_units=1000000 -artifact_prefix=art-$1/ \
	    new-$1 seeds-$1 >out-$1 2>&1 || rc=$?
	# libFuzzer may count a run or two past -runs (2002 once)
	n=$(sed -n "s/^Done \([0-9]*\) runs.*/\1/p" out-$1)
	if [ $rc -ne 0 ] || [ "${n:-0}" -lt $runs ] ||
	    [ -n "$(ls art-$1)" ]; then
		echo "fuzz_$1: exit $rc, ${n:-no} runs done; artifacts:" \
		    $(ls art-$1)
		grep -v '^#[0-9]\|^  *"\|Uses:' out-$1 | tail -n 30
		return 1
	fi
}

if ! have_fuzzer; then
	test_skip "clang with libFuzzer is not installed"
	test_done
fi

test_expect_success 'make fuzz builds every target' '
	nice -n 10 make -s -C "$SRCDIR" FUZZ_BUILD="$FUZZ_BUILD" fuzz \
	    >build.out 2>&1 &&
	for t in $targets; do test -x "$fb/fuzz_$t" || return 1; done
'

for t in $targets; do
	test_expect_success "fuzz_$t: its inputs over its seeds, no crash" '
		seeds '$t' seeds-'$t' &&
		mkdir -p new-'$t' art-'$t' &&
		fuzz_run '$t'
	'
done

# the inputs that once crashed a target (tests/fuzz/crashes/NAME-*) are
# run once each by target NAME: fixed, they must pass
test_expect_success 'every kept reproducer runs clean' '
	for f in "$SRCDIR"/tests/fuzz/crashes/*-*; do
		[ -f "$f" ] || continue
		t=$(basename "$f") && t=${t%%-*} &&
		"$fb/fuzz_$t" -runs=1 "$f" >>crashes.out 2>&1 || return 1
	done
'

test_done
