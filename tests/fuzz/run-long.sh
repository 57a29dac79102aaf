#!/bin/bash
# run-long.sh - the long runs of the libFuzzer targets (tests/fuzz/README)
#
#   tests/fuzz/run-long.sh [TARGET...]     default: every target
#
# Environment: FUZZ_TIME, seconds per target (default 300); FUZZ_PAR,
# targets at once (default 2); FUZZ_BUILD (default build-fuzz).  Each
# target runs `nice -n 10` on its kept corpus FUZZ_BUILD/long/NAME.corpus
# (grown from run to run), seeded from tests/fuzz/corpus/NAME and the
# small files of ../shared/corpus; its log is FUZZ_BUILD/long/NAME.log and
# a crash is written as FUZZ_BUILD/long/NAME-crash-*.  Prints one line a
# target: executions, coverage (cov: edges, ft: features), corpus, result.
set -u
cd "$(dirname "$0")/../.." || exit 1
: "${FUZZ_TIME:=300}" "${FUZZ_PAR:=2}" "${FUZZ_BUILD:=build-fuzz}"
CORPUS=${CORPUS:-$PWD/../shared/corpus}
targets=${*:-tagset csv index meta cover text link model image pdf archive deskew coverpage}
out=$FUZZ_BUILD/long
make -s FUZZ_BUILD="$FUZZ_BUILD" fuzz >/dev/null 2>&1 || {
	echo "run-long: make fuzz failed" >&2
	exit 1
}
mkdir -p "$out/tmp" || exit 1
export TMPDIR=$PWD/$out/tmp
# leaks inside Debian's libraries, as make check has them (run-all.sh)
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0

one() {
	local t=$1 c=$out/$1.corpus pat= len=262144
	# fuzz_deskew: 4 KiB is 680 drawing commands, a page of them
	[ "$t" = deskew ] || [ "$t" = coverpage ] && len=4096
	mkdir -p "$c" "$out/$t.seeds" || return 1
	cp tests/fuzz/corpus/"$t"/* "$out/$t.seeds"/
	case $t in
	image) pat='.*\.\(png\|tif\|tiff\|jpg\|gif\|webp\|pdf\|heic\)' ;;
	pdf) pat='.*\.pdf' ;;
	archive) pat='.*\.\(zip\|tar\|gz\|bz2\|xz\)' ;;
	csv | index) pat='.*\.\(csv\|tsv\)' ;;
	text) pat='.*\.gt\.txt' ;;
	esac
	if [ -n "$pat" ] && [ -d "$CORPUS" ]; then
		find "$CORPUS" -type f -size -200k -regex "$pat" |
		    while read -r f; do
			cp "$f" "$out/$t.seeds/c-$(printf %s "$f" |
			    sha256sum | cut -c1-12)"
		done
	fi
	nice -n 10 "$FUZZ_BUILD/fuzz_$t" -max_total_time="$FUZZ_TIME" \
	    -timeout=30 -max_len=$len -print_final_stats=1 \
	    -artifact_prefix="$out/$t-" "$c" "$out/$t.seeds" \
	    >"$out/$t.log" 2>&1
	local rc=$? last execs
	last=$(grep -E '^#[0-9]+' "$out/$t.log" | tail -n 1)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' \
	    "$out/$t.log")
	printf '%-8s %s execs, %s, exit %d%s\n' "$t" "${execs:-?}" \
	    "$(echo "$last" | grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [^ ]+')" \
	    "$rc" "$(ls "$out/$t"-crash-* "$out/$t"-leak-* \
	    "$out/$t"-timeout-* "$out/$t"-oom-* 2>/dev/null |
	    sed 's/^/ /' | tr -d '\n')"
}

n=0
for t in $targets; do
	one "$t" &
	n=$((n + 1))
	if [ $n -ge "$FUZZ_PAR" ]; then
		wait -n
		n=$((n - 1))
	fi
done
wait
