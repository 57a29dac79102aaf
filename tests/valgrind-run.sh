#!/bin/bash
# valgrind-run.sh - one run of the whole chain under valgrind memcheck:
# a plain -O1 -g build (VG_BUILD, build-vg), then dossier-registry,
# ingest, deskew, ocr, classify, tag, load, report, and dossier-query,
# verify and export on the result, each program under
#   valgrind --error-exitcode=99 --leak-check=full
#            --errors-for-leak-kinds=definite
# on the sample pages VG_FILES (two: tesseract under valgrind is some 50
# times slower; its OCR budget is VG_BUDGET, 100 s of processor time a
# million pixels instead of 10, so that the text is whole).  Prints per
# program its memcheck errors and the bytes definitely lost, and fails
# if any program has an error or a definite leak.  Not in make check;
# make valgrind-run runs it.
#
#   tests/valgrind-run.sh
#
# tests/valgrind.supp holds the suppressions, each for a report inside a
# library (tesseract, leptonica, MuPDF, ...) with the reason; a report in
# our code is fixed, never suppressed.  Logs: VG_BUILD/valgrind-run/.
set -u -o pipefail
cd "$(dirname "$0")/.."
src=$(pwd)
: "${VG_BUILD:=build-vg}" "${VG_BUDGET:=100}"
: "${VG_FILES:=accueil/scan_20261121_0009.png scan_20261121_0001.png}"
command -v valgrind >/dev/null || { echo "valgrind-run: valgrind is not installed" >&2; exit 3; }
echo "valgrind-run: building $VG_BUILD (-O1 -g)" >&2
nice -n 10 make -s BUILD="$VG_BUILD" BIN="$VG_BUILD/bin" CFLAGS="-O1 -g" \
    all >/dev/null || { echo "valgrind-run: build failed" >&2; exit 3; }
bin=$src/$VG_BUILD/bin
work=$src/$VG_BUILD/valgrind-run
rm -rf "$work"
mkdir -p "$work/in" "$work/logs"
export PATH="$bin:$PATH" LC_ALL=C
export DOSSIER_TAGSET="$src/tagsets/default.tagset"
export DOSSIER_SPOOL=$work/spool DOSSIER_ARCHIVE=$work/vg.db
export TMPDIR=$work
# one-page samples: a household composition and an income certificate,
# filed by national number to HH-2026-0001 and HH-2026-0003 (so that query
# and export have a household's documents to show)
for f in $VG_FILES; do
	cp "$src/samples/inbox/$f" "$work/in/" || exit 3
done

fail=0
# vg NAME PROGRAM ARGS... - PROGRAM under memcheck, its log in logs/NAME.PID
vg() {
	local name=$1 rc
	shift
	nice -n 10 valgrind --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite --show-leak-kinds=definite \
	    --trace-children=yes --track-origins=yes \
	    --suppressions="$src/tests/valgrind.supp" --gen-suppressions=all \
	    --log-file="$work/logs/$name.%p" "$@" \
	    >"$work/logs/$name.out" 2>"$work/logs/$name.err" </dev/null
	rc=$?
	echo "$rc" >"$work/logs/$name.rc"
	[ $rc = 99 ] && fail=1
	return 0
}
vg registry dossier-registry "$src/samples/registry.csv"
vg ingest dossier-ingest -w 0 -b vg "$work/in"
vg deskew dossier-deskew -j 1
vg ocr dossier-ocr -j 1 --budget "$VG_BUDGET"
vg classify dossier-classify -j 1
vg tag dossier-tag -j 1
vg load dossier-load -j 1
vg report dossier-report vg
vg query-batch dossier-query batch vg
vg query-search dossier-query search composition
vg query-document dossier-query document 1
vg query-timeline dossier-query timeline HH-2026-0001
vg query-audit dossier-query audit
vg verify dossier-verify
vg export dossier-export -o "$work/export.zip" HH-2026-0001

printf '%-16s %5s %7s %12s\n' program exit errors 'def. lost'
for rcf in "$work"/logs/*.rc; do
	name=$(basename "$rcf" .rc)
	errs=0 lost=0
	for l in "$work/logs/$name".[0-9]*; do
		[ -f "$l" ] || continue
		e=$(sed -n 's/.*ERROR SUMMARY: \([0-9,]*\) errors.*/\1/p' "$l" | tr -d ,)
		d=$(sed -n 's/.*definitely lost: \([0-9,]*\) bytes.*/\1/p' "$l" | tr -d ,)
		errs=$((errs + ${e:-0}))
		lost=$((lost + ${d:-0}))
	done
	printf '%-16s %5s %7d %12d\n' "$name" "$(cat "$rcf")" "$errs" "$lost"
	[ "$errs" -gt 0 ] && fail=1
done
sed -n -e 's/^pages in: /pages in: /p' -e 's/^documents filed: /documents filed: /p' \
    "$work/logs/query-batch.out" | paste -s -d, | sed 's/,/, /g'
echo "valgrind-run: logs in $work/logs" >&2
[ $fail = 0 ]
