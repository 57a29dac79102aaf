#!/bin/bash
# bench-cluster.sh - what `make bench` runs after bench.sh: pages per second
# of OCR, the stage that sets the pace, on the samples with 1, 2 and 4
# workers on this machine, and with two loopback "hosts" (sshd on
# 127.0.0.1, GNU parallel --nonall --sshloginfile, one worker each), the
# way dossier-cluster runs it.  A benchmark, not a test: it prints figures.
# DOSSIER_BIN names the programs' folder (default bin/).
set -u
cd "$(dirname "$0")/.."
src=$(pwd)
export PATH="${DOSSIER_BIN:-$src/bin}:$PATH" LC_ALL=C OMP_THREAD_LIMIT=1
export DOSSIER_TAGSET="$src/tagsets/default.tagset"
bindir=$(cd "$(dirname "$(command -v dossier-ocr)")" && pwd)
. tests/lib-sshd.sh
work=$(mktemp -d "${TMPDIR:-/tmp}/dossier-bench-cluster.XXXXXX")
trap 'sshd_stop; rm -rf "$work"' EXIT

# the samples, ingested and deskewed once: every run starts from a copy
export DOSSIER_SPOOL=$work/template DOSSIER_ARCHIVE=$work/bench.db
dossier-ingest -w 0 -b bench samples/inbox >/dev/null 2>&1
dossier-deskew >/dev/null 2>&1
pages=$(dossier-spool list ocr/new | awk -F'\t' '{ n += $3 } END { print n }')
echo "bench-cluster: OCR of the $pages pages of the samples ($(getconf _NPROCESSORS_ONLN) processors here, load $(cut -d" " -f1 /proc/loadavg))"

now() { date +%s.%N; }
# rate LABEL T0 T1 - pages per second between T0 and T1
rate() {
	awk -v l="$1" -v p="$pages" -v a="$2" -v b="$3" \
	    'BEGIN { printf "  %-28s %6.2f pages/s  (%.1f s)\n", l, p / (b - a), b - a }'
}

for j in 1 2 4; do
	rm -rf "$work/run" && cp -a "$work/template" "$work/run"
	t0=$(now)
	DOSSIER_SPOOL=$work/run dossier-ocr -q -j "$j" >/dev/null
	rate "1 host, $j worker(s)" "$t0" "$(now)"
done

if command -v parallel >/dev/null && sshd_start "$work/ssh"; then
	rm -rf "$work/run" && cp -a "$work/template" "$work/run"
	t0=$(now)
	parallel --nonall --sshloginfile "$work/ssh/hosts" \
	    "PATH=$bindir:\$PATH DOSSIER_SPOOL=$work/run OMP_THREAD_LIMIT=1 dossier-ocr -q -j 1" >/dev/null
	rate "2 loopback hosts, 1 each" "$t0" "$(now)"
	left=$(DOSSIER_SPOOL=$work/run dossier-spool count | awk -F'\t' '$1 ~ /^ocr\// { n += $2 } END { print n + 0 }')
	[ "$left" = 0 ] || echo "  (2 hosts left $left jobs: the figure is wrong)"
else
	echo "  2 loopback hosts: not measured (GNU parallel or sshd missing)"
fi
