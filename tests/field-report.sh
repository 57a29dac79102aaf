#!/bin/bash
# field-report.sh - every input file of ../shared/corpus/field (real files
# from other projects' test suites: scanner PDFs, archives, barcode pages,
# blank sheets, faint typescripts, low-dpi forms) through the whole chain,
# one batch per folder, and what became of them.  A measurement, not a
# test: it prints figures and never fails on them.
#
#   tests/field-report.sh [-j jobs] [field-dir]
#
# Per folder: input files, documents (filed, in review), pages in,
# archived, blank, cover sheets, quarantined, and the quarantined inputs
# grouped by reason; whether the batch reconciles.  The ground-truth and
# provenance files of the corpus (*.txt, *.json, *.tsv, *.xml, LICENSE) are not
# inputs.
set -eu
cd "$(dirname "$0")/.."
src=$(pwd)
jobs=2
while getopts j: o; do case $o in j) jobs=$OPTARG ;; *) exit 2 ;; esac; done
shift $((OPTIND - 1))
field=${1:-../shared/corpus/field}
[ -d "$field" ] || { echo "field-report: no '$field'" >&2; exit 3; }
export PATH="$src/bin:$src/pipelines:$PATH" LC_ALL=C
export DOSSIER_TAGSET="$src/tagsets/default.tagset"
work=$(mktemp -d "${TMPDIR:-/tmp}/dossier-field.XXXXXX")
trap 'rm -rf "$work"' EXIT
export DOSSIER_SPOOL=$work/spool DOSSIER_ARCHIVE=$work/field.db
dossier-registry samples/registry.csv 2>/dev/null

for dir in "$field"/*/; do
	name=$(basename "$dir")
	mkdir -p "$work/in/$name"
	(cd "$dir" && find . -type f ! -name '*.txt' ! -name '*.json' \
	    ! -name '*.tsv' ! -name '*.xml' ! -name 'LICENSE*' ! -name '*.md' \
	    -print0 |
	    xargs -0 -r cp --parents -t "$work/in/$name")
	files=$(find "$work/in/$name" -type f | wc -l)
	t0=$(date +%s)
	nightly -w 0 -j "$jobs" -b "field-$name" "$work/in/$name" \
	    >"$work/report.$name" 2>"$work/err.$name" || true
	t1=$(date +%s)
	r=$work/report.$name
	val() { sed -n "s/^$1: //p" "$r" | head -n 1; }
	printf '%s: %d files, %s documents (%s filed, %s in review); pages in %s: archived %s, blank %s, cover sheets %s, quarantined %s; %ds\n' \
	    "$name" "$files" "$(val documents)" "$(val 'documents filed')" \
	    "$(val 'documents in review')" "$(val 'pages in')" \
	    "$(val 'pages archived')" "$(val 'blank pages')" \
	    "$(val 'cover sheets')" "$(val 'quarantined pages')" $((t1 - t0))
	sed -n 's/^reconciliation: .*: \([A-Z]*\).*/  reconciliation: \1/p' "$r"
	sed -n 's/^quarantined input: [^(]*(\([^)]*\)): /\1: /p' "$r" |
	    sed -e 's/[0-9]* pages*, //' -e "s/'[^']*'/'...'/g" |
	    sort | uniq -c | sed -e 's/^ */  quarantined: /'
done
