#!/bin/bash
# sanitize-run.sh - the whole chain built with AddressSanitizer and
# UndefinedBehaviorSanitizer, leak detection on, over the samples, every
# folder of the field corpus and a hostile set; prints per set the files,
# the pages and the sanitizer reports, and fails if there is any report.
# Not in make check's default run (the field set's OCR takes an hour);
# make sanitize-run runs it.
#
#   tests/sanitize-run.sh [-j jobs] [set ...]
#
# Sets: samples, hostile, field (every folder of ../shared/corpus/field)
# or field/NAME (one folder); default: samples hostile field.  Each set is
# copied into a fresh inbox and run through a fresh spool and archive by
# dossier-nightly -k -w 0 (ingest | deskew | ocr | classify | tag | load,
# then the report), as the nightly run does, then dossier-verify and
# dossier-query (batch, search, timeline) and dossier-export of the
# archive.  The programs are those of SAN_BUILD (build-san), built first
# with make SAN=1 plus UBSan's float-cast-overflow, every report
# recoverable; libtesseract, leptonica, MuPDF and the other libraries are
# not instrumented, so the reports are about our code (and how it calls
# them).  Everything runs nice -n 10.
#
# The hostile set is written at run time into the work dir, never into
# the tree: tests/sanitize-hostile.py (truncated and bit-flipped images
# and PDFs, archive bombs, escaping member names and links, nesting past
# the limit, PDFs with absurd page counts or broken xrefs, TIFFs of
# 10^10 pixels, an empty file), a fifo, the fuzz reproducers
# tests/fuzz/crashes/* and the seeds tests/fuzz/corpus/*.
#
# Reports: ASan errors ("ERROR: AddressSanitizer"), leaks (LeakSanitizer
# records "Direct leak"/"Indirect leak", after tests/lsan.supp), UBSan
# ("runtime error:"); the logs stay in SAN_BUILD/sanitize-run/logs/SET/
# for reading.  A program killed by a signal other than by the pipeline
# also counts (as "crashes").  Exit 0: no report; 1: reports.
set -u -o pipefail
cd "$(dirname "$0")/.."
src=$(pwd)
jobs=1
while getopts j: o; do
	case $o in j) jobs=$OPTARG ;; *) exit 2 ;; esac
done
shift $((OPTIND - 1))
: "${SAN_BUILD:=build-san}" "${CORPUS:=$src/../shared/corpus}"
field=$CORPUS/field
sets=("$@")
[ ${#sets[@]} -gt 0 ] || sets=(samples hostile field)
exp=()
for s in "${sets[@]}"; do
	case $s in
	field)
		[ -d "$field" ] || { echo "sanitize-run: no '$field', field skipped" >&2; continue; }
		for d in "$field"/*/; do exp+=("field/$(basename "$d")"); done ;;
	samples | hostile | field/*) exp+=("$s") ;;
	*) echo "sanitize-run: unknown set '$s'" >&2; exit 2 ;;
	esac
done

# make SAN=1's flags and UBSan's float-cast-overflow (a NaN or huge
# angle or scale cast to an int), every UBSan report recoverable so that
# a run shows them all; objects built with other flags are built again
cflags="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined"
cflags="$cflags -fsanitize=float-cast-overflow"
if [ "$(cat "$SAN_BUILD/.sanitize-cflags" 2>/dev/null)" != "$cflags" ]; then
	find "$SAN_BUILD" -path "$SAN_BUILD/sanitize-run" -prune -o \
	    -path "$SAN_BUILD/fuzz" -prune -o \
	    \( -name '*.o' -o -name '*.a' \) -exec rm -f {} + 2>/dev/null
	rm -rf "$SAN_BUILD/bin"
fi
echo "sanitize-run: building $SAN_BUILD (make SAN=1, $cflags)" >&2
nice -n 10 make -s -j"$jobs" BUILD="$SAN_BUILD" BIN="$SAN_BUILD/bin" SAN=1 \
    CFLAGS="$cflags" all >/dev/null ||
    { echo "sanitize-run: build failed" >&2; exit 3; }
mkdir -p "$SAN_BUILD" && echo "$cflags" >"$SAN_BUILD/.sanitize-cflags"
bin=$src/$SAN_BUILD/bin
export PATH="$bin:$PATH" LC_ALL=C
export DOSSIER_TAGSET="$src/tagsets/default.tagset"
work=$src/$SAN_BUILD/sanitize-run
mkdir -p "$work"
export TMPDIR=$work/tmp
mkdir -p "$TMPDIR"

# hostile INBOX - write the hostile set into INBOX
hostile() {
	python3 "$src/tests/sanitize-hostile.py" "$1" "$src/samples/inbox" \
	    "$field" || return 1
	mkfifo "$1/fifo.tif"
	mkdir -p "$1/fuzz-crashes" "$1/fuzz-corpus"
	cp "$src"/tests/fuzz/crashes/* "$1/fuzz-crashes/" 2>/dev/null
	local d
	for d in "$src"/tests/fuzz/corpus/*/; do
		mkdir -p "$1/fuzz-corpus/$(basename "$d")"
		cp "$d"* "$1/fuzz-corpus/$(basename "$d")/"
	done
	return 0
}

total=0
printf '%-26s %6s %6s %6s %6s %6s %6s\n' set files pages asan leaks ubsan crashes
for s in "${exp[@]}"; do
	name=${s//\//-}
	in=$work/in/$name
	logs=$work/logs/$name
	rm -rf "$in" "$logs" "$work/spool-$name" "$work/$name".*
	mkdir -p "$in" "$logs"
	case $s in
	samples) cp -r "$src/samples/inbox/." "$in/" ;;
	hostile) hostile "$in" || { echo "sanitize-run: cannot write the hostile set" >&2; exit 3; } ;;
	field/*)
		(cd "$field/${s#field/}" && find . -type f ! -name '*.txt' \
		    ! -name '*.json' ! -name '*.tsv' ! -name '*.xml' \
		    ! -name 'LICENSE*' ! -name '*.md' -print0 |
		    xargs -0 -r cp --parents -t "$in") ;;
	esac
	chmod -R u+w "$in"
	files=$(find "$in" -mindepth 1 ! -type d | wc -l)
	export DOSSIER_SPOOL=$work/spool-$name DOSSIER_ARCHIVE=$work/$name.db
	export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:log_path=$logs/asan:handle_abort=1"
	export LSAN_OPTIONS="suppressions=$src/tests/lsan.supp:print_suppressions=0"
	export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=0:log_path=$logs/ubsan"
	nice -n 10 dossier-nightly -k -w 0 -j "$jobs" -b "san-$name" \
	    -r "$src/samples/registry.csv" -o "$work/$name.html" "$in" \
	    >"$logs/report" 2>"$logs/stderr"
	echo "nightly exit $?" >>"$logs/report"
	if [ -f "$DOSSIER_ARCHIVE" ]; then
		nice -n 10 dossier-verify >"$logs/verify" 2>&1
		nice -n 10 dossier-query batch >"$logs/query" 2>&1
		nice -n 10 dossier-query search facture >>"$logs/query" 2>&1
		nice -n 10 dossier-query timeline HH-2026-0001 \
		    >>"$logs/query" 2>&1
		nice -n 10 dossier-export -o "$work/$name.zip" HH-2026-0001 \
		    >"$logs/export" 2>&1
	fi
	pages=$(sed -n 's/^pages in: \([0-9]*\).*/\1/p' "$logs/report" | head -n 1)
	# the sanitizers share one log_path: the last set wins (ubsan.PID)
	cat "$logs"/asan.* "$logs"/ubsan.* >"$logs/all" 2>/dev/null
	asan=$(grep -c 'ERROR: AddressSanitizer' "$logs/all")
	leaks=$(grep -c '^\(Direct\|Indirect\) leak' "$logs/all")
	ubsan=$(grep -c 'runtime error:' "$logs/all")
	# a stage killed by a signal: the shell's messages in stderr
	crashes=$(grep -c -i 'segmentation fault\|aborted\|core dumped\|killed by signal' "$logs/stderr")
	printf '%-26s %6d %6s %6d %6d %6d %6d\n' "$s" "$files" "${pages:-?}" \
	    "$asan" "$leaks" "$ubsan" "$crashes"
	total=$((total + asan + leaks + ubsan + crashes))
done
echo "sanitize-run: $total report(s); logs in $work/logs" >&2
[ $total -eq 0 ]
