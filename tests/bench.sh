#!/bin/bash
# bench.sh - what `make bench` runs: throughput and memory of the chain on
# the samples and on real scans of ../shared/corpus, against the bare OCR
# engine on the same pages.  A benchmark, not a test: it prints figures.
#
#   tests/bench.sh [-i] [-j jobs]
#
# -i: the inputs only, quickly: ingest of the samples (TIFF, PNG, JPEG),
# of the long PDF and of the zip, and deskew of the PDF, against the bare
# engine's seconds per page on the samples (one process); no chain run.
# DOSSIER_BIN names the programs' folder (default bin/).
#
# Figures: pages per second of the whole chain; the same pages through
# `tesseract` alone (same languages, same number of parallel processes,
# one OpenMP thread each); their ratio; seconds per page of each stage;
# peak resident memory of the largest process of each stage.  Then the
# inputs of SPEC 4: a scanner PDF of BENCH_PDF_PAGES pages (default 500,
# made from the samples' G4 pages by tiff2pdf) and a zip of the samples:
# ingest's cost per page against OCR's, and the peak memory of ingest and
# deskew on the long PDF.
set -eu
cd "$(dirname "$0")/.."
src=$(pwd)
jobs=2
quick=0
while getopts ij: o; do
	case $o in i) quick=1 ;; j) jobs=$OPTARG ;; *) exit 2 ;; esac
done
export PATH="${DOSSIER_BIN:-$src/bin}:$PATH" LC_ALL=C OMP_THREAD_LIMIT=1
export DOSSIER_TAGSET="$src/tagsets/default.tagset"
work=$(mktemp -d "${TMPDIR:-/tmp}/dossier-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
export DOSSIER_SPOOL=$work/spool DOSSIER_ARCHIVE=$work/bench.db

mkdir -p "$work/in/samples" "$work/in/corpus"
cp -r samples/inbox/. "$work/in/samples/"
corpus=../shared/corpus
if [ -d "$corpus" ]; then
	ls "$corpus"/tapuscorpus-fr/*/*.jpg 2>/dev/null | head -n 8 |
		while read -r f; do cp "$f" "$work/in/corpus/$(basename "$(dirname "$f")")-$(basename "$f")"; done
	cp "$corpus"/tesseract-test/*.tif "$work/in/corpus/" 2>/dev/null || true
	cp "$corpus"/ocrmypdf-resources/typewriter.png "$corpus"/ocrmypdf-resources/linn.png "$work/in/corpus/" 2>/dev/null || true
fi
[ $quick = 1 ] && rm -rf "$work/in/corpus"

# run NAME CMD...: time a stage; keep seconds, peak RSS (kB) and CPU
# seconds (user + system: on a busy machine, a fairer measure than the
# seconds that pass)
declare -A secs rss cpu
run() {
	local name=$1 u s
	shift
	/usr/bin/time -f "%e %M %U %S" -o "$work/time.$name" "$@" >/dev/null 2>"$work/err.$name" || true
	read -r secs[$name] rss[$name] u s <"$work/time.$name"
	cpu[$name]=$(echo "$u + $s" | bc -l)
}

dossier-registry samples/registry.csv 2>/dev/null
if [ $quick = 1 ]; then
	# the OCR time of a page: the bare engine on the samples, one process
	run ingest_tiff dossier-ingest -w 0 -b tiff "$work/in/samples"
	pages=$(awk -F= '$1 == "pages_in" { print $2 }' "$DOSSIER_SPOOL/batch/tiff/meta")
	find "$work/in/samples" -type f | sort >"$work/list"
	run bare sh -c 'while read -r f; do tesseract "$f" - -l fra+nld+eng >/dev/null 2>&1; done' \
		<"$work/list"
	secs[ocr]=$(echo "${secs[bare]} / $pages" | bc -l)
	cpu[ocr]=$(echo "${cpu[bare]} / $pages" | bc -l)
	printf 'samples: %d pages; bare tesseract (one process): %.1f ms/page, %.1f ms CPU/page\n' \
		"$pages" "$(echo "${secs[ocr]} * 1000" | bc -l)" "$(echo "${cpu[ocr]} * 1000" | bc -l)"
	printf 'ingest samples: %.1f ms/page = %.2f%% of OCR per page; CPU %.1f ms/page = %.2f%%; peak RSS %.1f MB\n' \
		"$(echo "${secs[ingest_tiff]} * 1000 / $pages" | bc -l)" \
		"$(echo "${secs[ingest_tiff]} * 100 / $pages / ${secs[ocr]}" | bc -l)" \
		"$(echo "${cpu[ingest_tiff]} * 1000 / $pages" | bc -l)" \
		"$(echo "${cpu[ingest_tiff]} * 100 / $pages / ${cpu[ocr]}" | bc -l)" \
		"$(echo "${rss[ingest_tiff]} / 1024" | bc -l)"
else
run ingest dossier-ingest -w 0 -b bench "$work/in"
pages=$(awk -F= '$1 == "pages_in" { print $2 }' "$DOSSIER_SPOOL/batch/bench/meta")
run deskew dossier-deskew -j "$jobs"
run ocr dossier-ocr -j "$jobs"
run classify dossier-classify
run tag dossier-tag
run load dossier-load

# the bare engine on the same input pages, as many processes as workers
mkdir "$work/bare"
find "$work/in" -type f | sort >"$work/list"
t0=$(date +%s.%N)
/usr/bin/time -f "%e %M" -o "$work/time.bare" \
	xargs -P "$jobs" -I{} sh -c 'tesseract "$1" - -l fra+nld+eng >/dev/null 2>&1' _ {} <"$work/list"
t1=$(date +%s.%N)
read -r bare_s bare_rss <"$work/time.bare"

total=0
for s in ingest deskew ocr classify tag load; do
	total=$(echo "$total + ${secs[$s]}" | bc -l)
done
other=$(echo "$total - ${secs[ocr]}" | bc -l)
printf 'pages: %d (samples + %d corpus files), workers: %d\n' "$pages" \
	"$(ls "$work/in/corpus" | wc -l)" "$jobs"
printf '%-10s %8s %10s %12s\n' stage seconds "ms/page" "peak RSS MB"
for s in ingest deskew ocr classify tag load; do
	printf '%-10s %8.2f %10.1f %12.1f\n' "$s" "${secs[$s]}" \
		"$(echo "${secs[$s]} * 1000 / $pages" | bc -l)" \
		"$(echo "${rss[$s]} / 1024" | bc -l)"
done
printf 'chain: %.2f s, %.3f pages/s\n' "$total" "$(echo "$pages / $total" | bc -l)"
printf 'bare tesseract: %.2f s, %.3f pages/s (peak RSS %.1f MB)\n' "$bare_s" \
	"$(echo "$pages / $bare_s" | bc -l)" "$(echo "$bare_rss / 1024" | bc -l)"
printf 'ratio chain/bare engine throughput: %.2f\n' "$(echo "$bare_s / $total" | bc -l)"
printf 'all stages but OCR: %.2f s = %.1f%% of OCR time\n' "$other" \
	"$(echo "$other * 100 / ${secs[ocr]}" | bc -l)"
printf 'deskew per page as share of OCR per page: %.1f%%\n' \
	"$(echo "${secs[deskew]} * 100 / ${secs[ocr]}" | bc -l)"
# classify + tag without the spool and process start: the transform alone
cc -O2 -Iinclude -Isrc/classify -Isrc/tag -o "$work/classify-cost" \
	tests/tools/classify-cost.c build/src/classify/classify.o build/src/tag/tag.o \
	build/libcommon.a build/libutil.a \
	$(make -s --no-print-directory print-libs)
mkdir "$work/pages"
sqlite3 "$DOSSIER_ARCHIVE" "SELECT writefile('$work/pages/' || id || '.txt', text)
	FROM page WHERE blank = 0 AND text IS NOT NULL" >/dev/null
ls "$work"/pages/*.txt >"$work/texts"
printf 'classify + tag per page: %.1f ms as stage runs (spool, fsync, process start), %s ms for the transform alone\n' \
	"$(echo "(${secs[classify]} + ${secs[tag]}) * 1000 / $pages" | bc -l)" \
	"$(xargs "$work/classify-cost" "$DOSSIER_TAGSET" none 5 <"$work/texts")"
dossier-report bench | grep -E '^(documents|reconciliation|quarantined)'
fi

# ---- the inputs of SPEC 4: a long scanner PDF, an archive ----
if [ $quick = 1 ]; then
	ocr_ms=$(echo "${secs[ocr]} * 1000" | bc -l)
	ocr_cpu=$(echo "${cpu[ocr]} * 1000" | bc -l)
else
	ocr_ms=$(echo "${secs[ocr]} * 1000 / $pages" | bc -l)
	ocr_cpu=$(echo "${cpu[ocr]} * 1000 / $pages" | bc -l)
fi
npdf=${BENCH_PDF_PAGES:-500}
mkdir "$work/pdf" "$work/zip"
set --
while [ $# -lt "$npdf" ]; do
	set -- "$@" samples/inbox/scan_20261121_0003.tif
done
# tiffcp takes every page of each file: cut to NPDF pages afterwards
tiffcp "$@" "$work/long.tif"
tiffsplit "$work/long.tif" "$work/p-" >/dev/null
ls "$work"/p-*.tif | head -n "$npdf" | xargs sh -c 'tiffcp "$@" "$0"' "$work/cut.tif"
tiff2pdf -o "$work/pdf/long.pdf" "$work/cut.tif"
# and a PDF of 20 of them: one job through deskew and OCR (below, not -i)
if [ $quick = 0 ]; then
	mkdir "$work/pdf20"
	ls "$work"/p-*.tif | head -n 20 | xargs sh -c 'tiffcp "$@" "$0"' "$work/cut20.tif"
	tiff2pdf -o "$work/pdf20/twenty.pdf" "$work/cut20.tif"
fi
rm -f "$work"/p-*.tif "$work/long.tif" "$work/cut.tif" "$work/cut20.tif"
(cd samples/inbox && bsdtar -a -cf "$work/zip/samples.zip" .)
export DOSSIER_SPOOL=$work/spool2 DOSSIER_ARCHIVE=$work/bench2.db
run ingest_pdf dossier-ingest -w 0 -b pdf "$work/pdf"
pdf_pages=$(awk -F= '$1 == "pages_in" { print $2 }' "$DOSSIER_SPOOL/batch/pdf/meta")
cp -a "$DOSSIER_SPOOL" "$work/spool2j"
run deskew_pdf dossier-deskew
rm -rf "$DOSSIER_SPOOL"
# the same one job with -j: its pages cleaned by the worker and its page
# helpers at once (stage_pages)
DOSSIER_SPOOL=$work/spool2j run deskew_pdfj dossier-deskew -j "$jobs"
rm -rf "$work/spool2j"
run ingest_zip dossier-ingest -w 0 -b zip "$work/zip"
zip_pages=$(awk -F= '$1 == "pages_in" { print $2 }' "$DOSSIER_SPOOL/batch/zip/meta")
printf 'inputs: a %d-page scanner PDF (%.1f MB), a zip of the samples (%d pages)\n' \
	"$pdf_pages" "$(echo "$(stat -c %s "$work/pdf/long.pdf") / 1048576" | bc -l)" "$zip_pages"
for s in pdf zip; do
	n=$pdf_pages
	[ $s = zip ] && n=$zip_pages
	printf 'ingest %s: %.1f ms/page = %.1f%% of OCR per page; CPU %.1f ms/page = %.1f%%; peak RSS %.1f MB\n' \
		$s "$(echo "${secs[ingest_$s]} * 1000 / $n" | bc -l)" \
		"$(echo "${secs[ingest_$s]} * 100000 / $n / $ocr_ms" | bc -l)" \
		"$(echo "${cpu[ingest_$s]} * 1000 / $n" | bc -l)" \
		"$(echo "${cpu[ingest_$s]} * 100000 / $n / $ocr_cpu" | bc -l)" \
		"$(echo "${rss[ingest_$s]} / 1024" | bc -l)"
done
printf 'deskew of the %d-page PDF: %.1f ms/page, peak RSS %.1f MB\n' "$pdf_pages" \
	"$(echo "${secs[deskew_pdf]} * 1000 / $pdf_pages" | bc -l)" \
	"$(echo "${rss[deskew_pdf]} / 1024" | bc -l)"
if [ $quick = 0 ]; then
	# one scanner PDF, the night's only input: its pages shared by the
	# workers and their page helpers (stage_pages), -j 1 against -j
	for j in 1 "$jobs"; do
		DOSSIER_SPOOL=$work/spool20.$j DOSSIER_ARCHIVE=$work/b20.$j.db \
		    dossier-ingest -w 0 -b pdf20 "$work/pdf20" >/dev/null 2>&1
		DOSSIER_SPOOL=$work/spool20.$j DOSSIER_ARCHIVE=$work/b20.$j.db \
		    run pdf20_$j sh -c "dossier-deskew -j $j && dossier-ocr -j $j"
	done
	printf 'one 20-page scanner PDF, deskew and OCR: -j 1 %.1f s, -j %d %.1f s (%.2fx); peak RSS of a process %.1f MB\n' \
		"${secs[pdf20_1]}" "$jobs" "${secs[pdf20_$jobs]}" \
		"$(echo "${secs[pdf20_1]} / ${secs[pdf20_$jobs]}" | bc -l)" \
		"$(echo "${rss[pdf20_$jobs]} / 1024" | bc -l)"
fi
printf 'deskew of the %d-page PDF, one job, -j %d: %.1f ms/page, %.2fx the pages/s of -j 1; peak RSS of a process %.1f MB\n' \
	"$pdf_pages" "$jobs" "$(echo "${secs[deskew_pdfj]} * 1000 / $pdf_pages" | bc -l)" \
	"$(echo "${secs[deskew_pdf]} / ${secs[deskew_pdfj]}" | bc -l)" \
	"$(echo "${rss[deskew_pdfj]} / 1024" | bc -l)"
