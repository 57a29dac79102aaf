#!/bin/bash
# crash-trials.sh - kill -9 at random moments, rerun, and compare with an
# uninterrupted run (issue 13; SPEC 3 and 9: nothing lost, nothing doubled)
#
#   tests/crash-trials.sh [-k] [-i inbox] [-j jobs] [-n trials] [-r seed]
#                         [-t stage]
#
# Not part of `make check` (t7510-crash-trials.sh runs a few trials).
# A reference run goes through the chain stage by stage, keeping a copy of
# the spool and archive before each stage and timing it.  Each trial then
# takes, in turn, one of ingest, deskew, ocr, classify, tag, load and
# dossier-nightly: it starts from the copy taken before that stage (the
# registry alone for nightly), kills the stage with SIGKILL (nightly: its
# whole process group) after a random time within the stage's reference
# duration, reruns to the end (the stage and those after it; nightly
# again), and compares the archive with the reference:
#
#   lost		documents or pages of the reference that are missing
#   doubled		documents or pages there more than once, or not in
#			the reference at all
#   stuck		jobs left anywhere in the spool but quarantine
#   quarantined	jobs in quarantine (the reference has none)
#   mis-reconciled	batches whose pages in differ from archived + blank +
#			cover sheets + quarantined, or from the reference
#   different	pages whose image hash, or documents whose class,
#			status or household differ from the reference
#
# Prints one line per trial and the totals; exits 1 if any count but
# "different" is not 0.  -k keeps the work directory (and always the
# directories of trials that found something, under WORK/bad/).
# Options: -n trials (default 200), -j deskew's and OCR's workers, which
# share a job's pages with page helpers (default 2), -r seed of
# $RANDOM (default: the pid), -t only the trials of this stage (or
# nightly), -i the inbox (default: four small typed
# files made by convert, one of them a 3-page TIFF, and a 4-page TIFF of
# two documents behind cover sheets: 10 pages).
set -u -o pipefail

SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
: "${DOSSIER_BIN:=$SRCDIR/bin}"
export PATH="$DOSSIER_BIN:$SRCDIR/pipelines:$PATH" LC_ALL=C TZ=UTC
export DOSSIER_TAGSET=${DOSSIER_TAGSET:-$SRCDIR/tagsets/default.tagset}
unset DOSSIER_SPOOL DOSSIER_ARCHIVE

trials=200 jobs=2 seed=$$ inbox= keep=0 only=
while getopts "i:j:kn:r:t:" opt; do
	case $opt in
	i) inbox=$(cd "$OPTARG" && pwd) || exit 2 ;;
	j) jobs=$OPTARG ;;
	k) keep=1 ;;
	n) trials=$OPTARG ;;
	r) seed=$OPTARG ;;
	t) only=$OPTARG ;;
	*) echo "usage: $0 [-k] [-i inbox] [-j jobs] [-n trials] [-r seed] [-t stage]" >&2
	   exit 2 ;;
	esac
done
RANDOM=$seed
work=$(mktemp -d "${TMPDIR:-/tmp}/crash-trials.XXXXXX") || exit 3
[ $keep = 1 ] || trap 'rm -rf "$work"' EXIT
mkdir "$work/bad"
# page NAME TEXT...: a small page of typed lines (OCR in a fraction of a
# second: a trial costs what the chain costs, not what OCR costs on A4)
page() {
	local out=$1 y=50 args=()
	shift
	for l; do
		args+=(-annotate "+30+$y" "$l")
		y=$((y + 40))
	done
	convert -size 900x$((y + 20)) xc:white -fill black -pointsize 26 \
	    -font /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf \
	    "${args[@]}" -density 150 -units PixelsPerInch "$out"
}
if [ -z "$inbox" ]; then
	inbox=$work/inbox
	mkdir -p "$inbox/sub" "$work/make" &&
	page "$inbox/fiche.png" "Fiche de paie - octobre 2026" "Salaire net: 1.854,20 EUR" &&
	page "$inbox/sub/bail.jpg" "Contrat de bail" "Loyer mensuel: 650 EUR" &&
	page "$work/make/a.png" "Attestation de revenus" "Page 1" &&
	page "$work/make/b.png" "Attestation de revenus" "Page 2" &&
	page "$work/make/c.png" "Attestation de revenus" "Page 3" &&
	convert "$work/make/a.png" "$work/make/b.png" "$work/make/c.png" \
	    -monochrome -compress Group4 "$inbox/attest.tif" &&
	page "$inbox/facture.png" "Facture electricite" "Montant: 84,10 EUR" &&
	# one file, two documents cut at their cover sheets (issue 13: an
	# input cut into several jobs is queued whole or not at all)
	dossier-coversheet -o "$work/make/c1.png" HH-CRASH-1 2>/dev/null &&
	dossier-coversheet -o "$work/make/c2.png" HH-CRASH-2 2>/dev/null &&
	page "$work/make/d1.png" "Avertissement extrait de role" "Annee 2025" &&
	page "$work/make/d2.png" "Courrier du bailleur" "Indexation du loyer" &&
	convert "$work/make/c1.png" "$work/make/d1.png" "$work/make/c2.png" \
	    "$work/make/d2.png" -monochrome -compress Group4 \
	    "$inbox/covers.tif" ||
		exit 3
fi
stages=(ingest deskew ocr classify tag load)

# run_stage DIR STAGE: run STAGE over its queue in DIR (ingest: the inbox)
run_stage() {
	local d=$1
	case $2 in
	ingest) dossier-ingest -s "$d/spool" -a "$d/db/a.db" -w 0 -b B "$inbox" ;;
	deskew|ocr) dossier-$2 -s "$d/spool" -a "$d/db/a.db" -j "$jobs" ;;
	nightly) dossier-nightly -k -q -s "$d/spool" -a "$d/db/a.db" -j "$jobs" \
	    -w 0 -b B -d "$d/moved" -o "$d/report.html" "$inbox" ;;
	*) dossier-$2 -s "$d/spool" -a "$d/db/a.db" ;;
	esac
}

# canon DIR: the archive of DIR as sorted lines, ids and clocks left out
canon() {
	sqlite3 -batch -noheader "$1/db/a.db" "
	  SELECT 'doc', d.source_file, d.first_page, d.page_count, d.class,
	         d.status, coalesce(h.ref, '')
	    FROM document d LEFT JOIN household h ON h.id = d.household_id;
	  SELECT 'page', d.source_file, d.first_page, p.page_no, p.image_sha256
	    FROM page p JOIN document d ON d.id = p.document_id;
	  SELECT 'batch', name, pages_in, pages_archived, pages_blank,
	         cover_sheets, quarantined FROM batch;" | sort
}

# snap FROM TO: copy the spool and archive of FROM to TO
snap() {
	rm -rf "$2" && mkdir -p "$2" && cp -a "$1/spool" "$1/db" "$2/"
}

# alive PID: 1 if PID runs (not a zombie), else 0
alive() {
	if grep -q '^State:[[:space:]]*[^Z]' /proc/$1/status 2>/dev/null; then
		echo 1
	else
		echo 0
	fi
}

# gone PID...: wait until none of the processes PID is alive
gone() {
	local p
	for p; do
		while kill -0 "$p" 2>/dev/null; do sleep 0.02; done
	done
}

echo "crash-trials: $trials trials, seed $seed, inbox $inbox, work $work"

# the reference, stage by stage
ref=$work/ref
mkdir -p "$ref/db"
dossier-load -s "$ref/spool" -a "$ref/db/a.db" \
    --registry "$SRCDIR/samples/registry.csv" >/dev/null || exit 3
declare -A dur
for s in "${stages[@]}"; do
	snap "$ref" "$work/pre-$s" || exit 3
	t0=$(date +%s.%N)
	run_stage "$ref" $s >/dev/null 2>"$work/ref-$s.err"
	rc=$?
	dur[$s]=$(echo "$(date +%s.%N) - $t0" | bc -l)
	[ $rc -le 1 ] || { echo "reference $s failed ($rc)"; cat "$work/ref-$s.err"; exit 3; }
done
canon "$ref" >"$work/ref.txt"
nref=$(grep -c '^page' "$work/ref.txt")
# and the nightly reference, from the registry alone
snap "$work/pre-ingest" "$work/ref-n" &&
t0=$(date +%s.%N)
run_stage "$work/ref-n" nightly >/dev/null 2>"$work/ref-nightly.err" ||
	{ echo "reference nightly failed"; cat "$work/ref-nightly.err"; exit 3; }
dur[nightly]=$(echo "$(date +%s.%N) - $t0" | bc -l)
canon "$work/ref-n" >"$work/ref-n.txt"
# a second, warm run times nightly as the trials run it: timed by the
# first (cold caches), most kills landed after the end
snap "$work/pre-ingest" "$work/ref-n2" &&
t0=$(date +%s.%N)
run_stage "$work/ref-n2" nightly >/dev/null 2>&1 ||
	{ echo "reference nightly failed the second time"; exit 3; }
dur[nightly]=$(echo "d = $(date +%s.%N) - $t0; if (d < ${dur[nightly]}) d else ${dur[nightly]}" | bc -l)
rm -rf "$work/ref-n2"
if ! diff -q "$work/ref.txt" "$work/ref-n.txt" >/dev/null; then
	echo "note: nightly and the stages one by one archive differently:"
	diff "$work/ref.txt" "$work/ref-n.txt" | head -n 20
fi
printf 'reference: %d documents, %d pages; seconds:' \
    "$(grep -c '^doc' "$work/ref.txt")" "$nref"
for s in "${stages[@]}" nightly; do printf ' %s %.1f' $s "${dur[$s]}"; done
echo

# count WHAT N: add N to the total of WHAT
declare -A total
for k in lost doubled stuck quarantined misrec different missed; do
	total[$k]=0
done
count() { total[$1]=$((total[$1] + $2)); }

kinds=("${stages[@]}" nightly)
[ -z "$only" ] || kinds=("$only")
for ((t = 1; t <= trials; t++)); do
	kind=${kinds[$(((t - 1) % ${#kinds[@]}))]}
	d=$work/trial
	rm -rf "$d"
	if [ $kind = nightly ]; then
		snap "$work/pre-ingest" "$d"
	else
		snap "$work/pre-$kind" "$d"
	fi || exit 3
	# a random moment within the reference duration
	delay=$(awk -v r=$RANDOM -v d="${dur[$kind]}" \
	    'BEGIN { printf "%.3f", r / 32768 * d }')
	if [ $kind = nightly ]; then
		# its own process group, killed whole as a service manager would
		setsid dossier-nightly -k -q -s "$d/spool" -a "$d/db/a.db" \
		    -j "$jobs" -w 0 -b B -d "$d/moved" -o "$d/report.html" \
		    "$inbox" >/dev/null 2>"$d/killed.err" &
		pid=$!
		sleep "$delay"
		pids=$(pgrep -g $pid)
		hit=$(alive $pid)
		kill -9 -- -$pid 2>/dev/null
		wait $pid 2>/dev/null
		gone $pids
	else
		run_stage "$d" $kind >/dev/null 2>"$d/killed.err" &
		pid=$!
		sleep "$delay"
		kids=$(pgrep -P $pid)
		hit=$(alive $pid)
		kill -9 $pid 2>/dev/null
		wait $pid 2>/dev/null
		gone $kids
	fi
	[ $hit = 1 ] || count missed 1
	# rerun to the end
	rerr=0
	if [ $kind = nightly ]; then
		run_stage "$d" nightly >/dev/null 2>"$d/rerun.err" || rerr=$?
	else
		on=0
		for s in "${stages[@]}"; do
			[ $s = $kind ] && on=1
			[ $on = 1 ] || continue
			run_stage "$d" $s >/dev/null 2>>"$d/rerun.err" || rerr=$?
		done
	fi
	canon "$d" >"$d/canon.txt"
	# documents and pages, by key
	lost=$( (grep '^doc\|^page' "$work/ref.txt" | cut -d'|' -f1-4 | sort -u
		 grep '^doc\|^page' "$d/canon.txt" | cut -d'|' -f1-4 | sort -u
		 grep '^doc\|^page' "$d/canon.txt" | cut -d'|' -f1-4 | sort -u) |
		sort | uniq -u | wc -l)
	doubled=$(grep '^doc\|^page' "$d/canon.txt" | cut -d'|' -f1-4 | sort |
		uniq -d | wc -l)
	extra=$( (grep '^doc\|^page' "$work/ref.txt" | cut -d'|' -f1-4 | sort -u
		  grep '^doc\|^page' "$work/ref.txt" | cut -d'|' -f1-4 | sort -u
		  grep '^doc\|^page' "$d/canon.txt" | cut -d'|' -f1-4 | sort -u) |
		sort | uniq -u | wc -l)
	doubled=$((doubled + extra))
	different=$(diff <(grep '^doc\|^page' "$work/ref.txt") \
	    <(grep '^doc\|^page' "$d/canon.txt") | grep -c '^>')
	different=$((different > extra + doubled ? different - extra - doubled : 0))
	stuck=$(find "$d/spool" -mindepth 3 -maxdepth 4 -type d -name '2*Z-*' \
	    ! -path '*/quarantine/*' | wc -l)
	stuck=$((stuck + $(find "$d/spool" -mindepth 2 -maxdepth 2 -type d \
	    -path '*/new/2*Z-*' | wc -l)))
	quar=$(find "$d/spool/quarantine" -mindepth 1 -maxdepth 1 -type d | wc -l)
	misrec=$(grep '^batch' "$d/canon.txt" |
	    awk -F'|' '$3 != $4 + $5 + $6 + $7 { n++ } END { print n + 0 }')
	[ "$(grep '^batch' "$d/canon.txt")" = "$(grep '^batch' "$work/ref.txt")" ] ||
		misrec=$((misrec == 0 ? 1 : misrec))
	count lost $lost; count doubled $doubled; count stuck $stuck
	count quarantined $quar; count misrec $misrec; count different $different
	printf 'trial %3d %-8s kill at %6.2fs%s: lost %d doubled %d stuck %d quarantined %d mis-reconciled %d different %d%s\n' \
	    $t $kind "$delay" "$([ $hit = 1 ] || echo ' (ended before)')" \
	    $lost $doubled $stuck $quar $misrec $different \
	    "$([ $rerr -le 1 ] || echo " (rerun exit $rerr)")"
	if [ $((lost + doubled + stuck + quar + misrec + different)) -gt 0 ]; then
		mv "$d" "$work/bad/$t-$kind"
		keep=1
		trap - EXIT
	fi
done
printf 'crash-trials: %d trials (%d kills landed after the end): lost %d, doubled %d, stuck %d, quarantined %d, mis-reconciled %d, different %d\n' \
    $trials ${total[missed]} ${total[lost]} ${total[doubled]} ${total[stuck]} \
    ${total[quarantined]} ${total[misrec]} ${total[different]}
[ $keep = 1 ] && echo "kept: $work"
[ $((total[lost] + total[doubled] + total[stuck] + total[quarantined] + total[misrec])) = 0 ]
