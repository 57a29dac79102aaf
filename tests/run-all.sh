#!/bin/bash
# run-all.sh - what `make check` runs: the C unit tests, every shell test
# (TAP), the lint of the tests' && chains (tools/chainlint), the sanitizer
# build (ASan, UBSan and LeakSanitizer) with its unit tests and the
# sanitizer-sensitive shell tests, and mandoc -Tlint on every man page.
#
# The pieces run in parallel, JOBS at a time, the longest first (by their
# times in the last run, kept in $BUILD/test-times); the sanitizer build
# runs while the first tests do.  Each piece's output is printed as one
# block, in a fixed order, as soon as the blocks before it are printed.
# Ends with "failed: NAME..." if anything failed and the line
# "N passed, N failed" counting every test case; a piece that exits
# non-zero, or ends without its TAP plan, counts as failed too.
#
# Arguments: the shell test scripts to run (default: all of them).
# Environment: BUILD (default build) and BIN (bin), the build to test;
# DOSSIER_BIN (default $BIN), its programs; ASAN_BUILD (build-asan), where
# the sanitizer build goes; NO_ASAN=1 leaves the sanitizers out; JOBS, how
# many pieces at a time (default: CPUs + 1, the OCR is CPU bound).
set -u
cd "$(dirname "$0")/.." || exit 1
top=$PWD
: "${BUILD:=build}" "${BIN:=bin}" "${ASAN_BUILD:=build-asan}"
: "${DOSSIER_BIN:=$BIN}"
DOSSIER_BIN=$(cd "$DOSSIER_BIN" && pwd) || exit 1
# the make of t9000 (install) uses this build too
export BUILD BIN DOSSIER_BIN
# under "make -j2 check" our own make gets its -j from here, not from
# a jobserver it cannot reach
unset MAKEFLAGS MFLAGS MAKELEVEL
: "${JOBS:=$(($(nproc 2>/dev/null || echo 1) + 1))}"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export LSAN_OPTIONS=suppressions=$top/tests/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

t0=$EPOCHREALTIME
tmp=$(mktemp -d "${TMPDIR:-/tmp}/run-all.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'kill $(jobs -p) 2>/dev/null; exit 130' INT TERM

# ---------------------------------------------------------------------
# The pieces that are not shell test scripts; each prints TAP.

# lint_chains: tools/chainlint finds the broken chains of its sample and
# none in its good sample, and there is none in the tests
lint_chains() {
	local want got rc
	want=$(grep -n '# BROKEN$' tests/chainlint/broken.sh | cut -d: -f1)
	got=$(tools/chainlint tests/chainlint/broken.sh)
	rc=$?
	if [ $rc = 1 ] && [ -n "$want" ] &&
	    [ "$(echo "$got" | cut -d: -f2 | sort -un)" = "$want" ]; then
		echo "ok 1 - chainlint finds every broken chain of its sample"
	else
		echo "not ok 1 - chainlint finds every broken chain of its sample"
		echo "#   exit $rc; lines marked BROKEN:" $want
		echo "$got" | sed -e 's/^/#   /'
	fi
	if got=$(tools/chainlint tests/chainlint/good.sh); then
		echo "ok 2 - chainlint accepts its good sample"
	else
		echo "not ok 2 - chainlint accepts its good sample"
		echo "$got" | sed -e 's/^/#   /'
	fi
	if got=$(tools/chainlint tests/t[0-9][0-9][0-9][0-9]-*.sh); then
		echo "ok 3 - no broken && chain in tests/t*.sh"
	else
		echo "not ok 3 - no broken && chain in tests/t*.sh"
		echo "$got" | sed -e 's/^/#   /'
	fi
	echo "1..3"
}

# lint_man: mandoc -Tlint on every page, usage() against the SYNOPSIS
lint_man() {
	local m out k=0
	if ! command -v mandoc >/dev/null 2>&1; then
		echo "not ok 1 - mandoc is not installed (make deps)"
		echo "1..1"
		return
	fi
	for m in man/man?/*.[1-9]; do
		k=$((k + 1))
		if out=$(mandoc -Tlint -W warning "$m" 2>&1) && [ -z "$out" ]; then
			echo "ok $k - mandoc -Tlint $m"
		else
			echo "not ok $k - mandoc -Tlint $m"
			echo "$out" | sed -e 's/^/#   /'
		fi
	done
	k=$((k + 1))
	if out=$(tools/check-man.sh "$DOSSIER_BIN" 2>&1); then
		echo "ok $k - usage() matches man SYNOPSIS"
	else
		echo "$out" | sed -e 's/^/#   /'
		echo "not ok $k - usage() matches man SYNOPSIS"
	fi
	echo "1..$k"
}

# asan_build: the sanitizer build of the programs and unit tests
asan_build() {
	if make -s -j"$JOBS" ASAN_BUILD="$ASAN_BUILD" check-asan \
	    >"$tmp/asan-build.log" 2>&1; then
		echo "ok 1 - sanitizer build in $ASAN_BUILD"
	else
		tail -n 40 "$tmp/asan-build.log" | sed -e 's/^/#   /'
		echo "not ok 1 - sanitizer build in $ASAN_BUILD"
	fi
	echo "1..1"
}

# ---------------------------------------------------------------------
# The list of pieces, in the order their blocks are printed.

n=0
# piece NAME AFTER COMMAND: COMMAND (eval'ed) runs once the piece AFTER
# (an index, or "") has passed
piece() {
	name[n]=$1 after[n]=$2 cmd[n]=$3 state[n]=wait
	n=$((n + 1))
}

if [ $# -gt 0 ]; then
	scripts=("$@")
else
	scripts=(tests/t[0-9][0-9][0-9][0-9]-*.sh)
fi
piece unit-tests "" '"$BUILD/unit-tests"'
piece chainlint "" lint_chains
for t in "${scripts[@]}"; do
	piece "$t" "" "bash $t"
done
if [ -z "${NO_ASAN:-}" ]; then
	case $ASAN_BUILD in
	/*) asan_bin=$ASAN_BUILD/bin ;;
	*) asan_bin=$top/$ASAN_BUILD/bin ;;
	esac
	asan=$n
	piece asan-build "" asan_build
	piece asan:unit-tests $asan '"$ASAN_BUILD/unit-tests"'
	# the stages that parse untrusted input, under the sanitizers
	for t in "${scripts[@]}"; do
		grep -q '^# asan: yes' "$t" || continue
		piece "asan:$t" $asan \
		    "DOSSIER_BIN=\"\$asan_bin\" bash $t"
	done
fi
piece man-pages "" lint_man

# how long each piece took last time: the longest start first, the
# sanitizer build (that others wait for) before all
declare -A took
if [ -r "$BUILD/test-times" ]; then
	while read -r t s _; do
		took[$t]=$s
	done <"$BUILD/test-times"
fi
took[asan-build]=100000
order=$(for ((i = 0; i < n; i++)); do
	echo "${took[${name[i]}]:-0} $i"
done | sort -k1,1nr -k2,2n | cut -d' ' -f2)

# ---------------------------------------------------------------------
# Run them, JOBS at a time.

pass=0
fail=0
failed_names=

# tally I: count the "ok"/"not ok" lines of piece I; a piece that exits
# non-zero, or without a plan for every test, has failed (once more if no
# test case of it did)
tally() {
	local i=$1 p f plan rc
	p=$(grep -c '^ok ' "$tmp/$i.out")
	f=$(grep -c '^not ok ' "$tmp/$i.out")
	plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\)\( *#.*\)\{0,1\}$/\1/p' "$tmp/$i.out" | tail -n 1)
	rc=$(cat "$tmp/$i.rc")
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$f" -gt 0 ] || [ "$rc" -ne 0 ] || [ "${plan:-x}" != $((p + f)) ]; then
		if [ "$f" -eq 0 ]; then
			fail=$((fail + 1))
			echo "not ok - ${name[i]}: exit $rc, plan ${plan:-missing}, $p ok"
		fi
		failed_names="$failed_names ${name[i]}"
	fi
}

# show I: print the block of piece I
show() {
	local i=$1
	local wall cpu
	read -r wall cpu <"$tmp/$i.time"
	echo "== ${name[i]} (${wall} s, cpu ${cpu:-0} s)"
	case ${name[i]} in
	asan:*) sed -e 's/^/asan: /' "$tmp/$i.out" ;;
	*) cat "$tmp/$i.out" ;;
	esac
	tally "$i"
}

start() {
	local i=$1
	state[i]=run
	(
		s=$EPOCHREALTIME
		eval "${cmd[i]}" >"$tmp/$i.out" 2>&1 </dev/null
		rc=$?
		e=$EPOCHREALTIME
		# wall clock and CPU seconds (user + system, with children;
		# times, not $(times): a subshell has its own)
		times >"$tmp/$i.cpu"
		awk -v t="$e $s" '
		    { for (k = 1; k <= 2; k++) {
			split($k, a, /[ms]/); cpu += a[1] * 60 + a[2] } }
		    END { split(t, a, " ")
			printf "%.1f %.1f\n", a[1] - a[2], cpu }' \
		    "$tmp/$i.cpu" >"$tmp/$i.time"
		echo $rc >"$tmp/$i.rc.tmp" && mv "$tmp/$i.rc.tmp" "$tmp/$i.rc"
	) &
}

running=0
printed=0
tty=
[ -t 2 ] && tty=1
while [ $printed -lt $n ]; do
	# reap what ended
	for ((i = 0; i < n; i++)); do
		if [ "${state[i]}" = run ] && [ -e "$tmp/$i.rc" ]; then
			state[i]=done
			running=$((running - 1))
		fi
	done
	# start what can start, the longest first
	for i in $order; do
		[ $running -lt "$JOBS" ] || break
		[ "${state[i]}" = wait ] || continue
		a=${after[i]}
		if [ -n "$a" ]; then
			[ "${state[a]}" = done ] || continue
			if [ "$(cat "$tmp/$a.rc")" != 0 ] ||
			    grep -q '^not ok' "$tmp/$a.out"; then
				# what it waited for failed: not run
				state[i]=done
				echo "1..0 # skip: ${name[a]} failed" >"$tmp/$i.out"
				echo 0 >"$tmp/$i.rc"
				echo 0 0 >"$tmp/$i.time"
				continue
			fi
		fi
		start "$i"
		running=$((running + 1))
	done
	# print, in order, the blocks that are complete
	while [ $printed -lt $n ] && [ "${state[printed]}" = done ]; do
		[ -z "$tty" ] || printf '\r\033[K' >&2
		show $printed
		printed=$((printed + 1))
	done
	# on a terminal, what is running (on stderr, overwritten)
	if [ -n "$tty" ] && [ $printed -lt $n ]; then
		now=
		for ((i = 0; i < n; i++)); do
			[ "${state[i]}" != run ] || now="$now ${name[i]##*/}"
		done
		printf '\r\033[K[%d of %d printed; running:%s]' \
		    $printed $n "${now:0:60}" >&2
	fi
	[ $printed -lt $n ] || break
	wait -n 2>/dev/null || sleep 0.1
done
wait

# the times of this run replace those of the same pieces
for ((i = 0; i < n; i++)); do
	echo "${name[i]} $(cat "$tmp/$i.time")"
done >"$tmp/times"
cat "$BUILD/test-times" "$tmp/times" 2>/dev/null |
    awk '{ t[$1] = $0 } END { for (k in t) print t[k] }' | sort \
    2>/dev/null >"$BUILD/test-times.tmp" &&
	mv "$BUILD/test-times.tmp" "$BUILD/test-times"

cat "$tmp"/*.time | awk -v n=$n -v j="$JOBS" -v t="$EPOCHREALTIME $t0" '
    { cpu += $2 }
    END { split(t, a, " ")
	printf "# %d pieces in %.0f s, %.0f CPU seconds, %d at a time\n",
	    n, a[1] - a[2], cpu, j }'
[ -n "$failed_names" ] && echo "failed:$failed_names"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
