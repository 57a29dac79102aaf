#!/bin/bash
# link-bench.sh - the linking rule (SPEC 7) on a generated registry: wrong
# links (must be 0) and recall, by kind of document.  A benchmark, not a
# test: it prints figures, and exits 1 if any document is filed to a
# wrong household.
#
#   tests/link-bench.sh [-s seed] [-H households] [-d documents] [-j jobs]
#
# tests/link-gen.py makes the registry (near-duplicate names, persons born
# the same day with names one letter apart, shared addresses, moves with a
# since date) and the documents' text and fields; each document becomes a
# job of the load queue (its text as its page's OCR text) and
# dossier-load links it.  Deterministic for a seed.  DOSSIER_BIN names the
# programs' folder (default bin/).
set -eu
cd "$(dirname "$0")/.."
src=$(pwd)
seed=1 nhh=10000 ndocs=4400 jobs=2
while getopts s:H:d:j: o; do
	case $o in
	s) seed=$OPTARG ;; H) nhh=$OPTARG ;; d) ndocs=$OPTARG ;;
	j) jobs=$OPTARG ;; *) exit 2 ;;
	esac
done
export PATH="${DOSSIER_BIN:-$src/bin}:$PATH" LC_ALL=C TZ=UTC
work=$(mktemp -d "${TMPDIR:-/tmp}/dossier-linkbench.XXXXXX")
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
export DOSSIER_SPOOL=$work/spool DOSSIER_ARCHIVE=$work/link.db
umask 077

python3 tests/link-gen.py "$seed" "$nhh" "$ndocs" "$work/gen"
t0=$(date +%s.%N)
dossier-registry -q "$work/gen/registry.csv"
dossier-registry -q "$work/gen/moves.csv"
t1=$(date +%s.%N)
echo "registry import: $(echo "$t1 - $t0" | bc) s"

# every document a job of the load queue, as the tag stage leaves it
mkdir -p "$DOSSIER_SPOOL/load/new" "$DOSSIER_SPOOL/batch/LB"
printf '%s\n' id=LB name=link-bench started_at=2026-12-01T00:00:00Z \
    "pages_in=$ndocs" "files=$ndocs" duplicates=0 cover_sheets=0 end \
    >"$DOSSIER_SPOOL/batch/LB/meta"
python3 - "$work/gen" "$DOSSIER_SPOOL/load/new" <<'PY'
import base64, hashlib, os, sys
gen, q = sys.argv[1], sys.argv[2]
png = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklE"
                       "QVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==")
for line in open(gen + "/truth.tsv").read().splitlines()[1:]:
    n = line.split("\t")[0]
    d = "%s/lb%s" % (q, n)
    os.mkdir(d)
    src = ("link-bench document %s\n" % n).encode()
    open(d + "/source", "wb").write(src)
    open(d + "/p1.png", "wb").write(png)
    text = open("%s/docs/%s.txt" % (gen, n)).read()
    open(d + "/p1.txt", "w").write(text)
    fields = open("%s/docs/%s.fields" % (gen, n)).read()
    open(d + "/fields", "w").write(fields)
    open(d + "/tags", "w").write("")
    meta = ["id=lb" + n, "batch=LB", "source_file=lb/%s.png" % n,
            "source_sha256=" + hashlib.sha256(src).hexdigest(),
            "media_type=image/png", "size=%d" % len(src), "pages=1",
            "page.1.source_page=1", "page.1.image=p1.png",
            "page.1.image_type=png", "page.1.width=1", "page.1.height=1",
            "page.1.dpi=300", "page.1.blank=0", "page.1.text=p1.txt",
            "page.1.ocr_conf=90", "page.1.lang=fra", "class=other",
            "class_score=0.9", "lang=fra", "tags=0",
            "fields=%d" % fields.count("\n"), "end"]
    open(d + "/meta", "w").write("\n".join(meta) + "\n")
PY
t2=$(date +%s.%N)
dossier-load -q -j "$jobs" >/dev/null || true
t3=$(date +%s.%N)
echo "load and link: $ndocs documents in $(echo "$t3 - $t2" | bc) s"

sqlite3 -batch -noheader -separator '	' "$DOSSIER_ARCHIVE" \
    "SELECT substr(d.job_id, 3), ifnull(h.ref, 'review'),
     ifnull(d.link_method, d.review_reason) FROM document d
     LEFT JOIN household h ON h.id = d.household_id" | sort -k1,1 >"$work/got"
tail -n +2 "$work/gen/truth.tsv" | sort -k1,1 >"$work/want"
join -t '	' "$work/want" "$work/got" | awk -F'\t' '
{
	kind = $2; want = $3; expect = $4; got = $5
	n[kind]++
	if (got == "review") rev[kind]++
	else if (got == want) right[kind]++
	else { wrong[kind]++; print "WRONG: document " $1 " (" kind ") filed to " got " (" $6 "), belongs to " want }
	if (expect == "file") { fileable++; if (got == want) filed_ok++ }
	else if (got != "review") filed_against++
	total++
}
END {
	printf "%-11s %6s %6s %6s %6s\n", "kind", "docs", "right", "review", "wrong"
	for (k in n)
		printf "%-11s %6d %6d %6d %6d\n", k, n[k], right[k], rev[k], wrong[k]
	for (k in wrong) nwrong += wrong[k]
	printf "documents: %d, wrong links: %d\n", total, nwrong
	printf "recall (filed right / documents the rule can file): %d / %d = %.1f%%\n",
	    filed_ok, fileable, fileable ? 100 * filed_ok / fileable : 0
	printf "filed although the rule must not (to the right household): %d\n", filed_against
	exit nwrong > 0
}'
