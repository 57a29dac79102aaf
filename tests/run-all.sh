#!/bin/bash
# run-all.sh - what `make check` runs: the C unit tests, every shell test
# (TAP), the sanitizer build with its unit tests and the sanitizer-sensitive
# shell tests, and mandoc -Tlint on every man page.  Ends with one line
# "N passed, N failed" counting every test case.
set -u
cd "$(dirname "$0")/.."
pass=0
fail=0
failed_names=
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# tally NAME FILE: count "ok"/"not ok" lines of a TAP output
tally() {
	local p f
	p=$(grep -c '^ok ' "$2" || true)
	f=$(grep -c '^not ok ' "$2" || true)
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$f" -gt 0 ] || [ "$3" -ne 0 ] && [ "$f" -eq 0 ]; then
		[ "$f" -eq 0 ] && fail=$((fail + 1))
		failed_names="$failed_names $1"
	fi
}

log=$(mktemp)
trap 'rm -f "$log"' EXIT

echo "== unit tests"
build/unit-tests >"$log" 2>&1
rc=$?
cat "$log"
tally unit-tests "$log" $rc

for t in tests/t[0-9][0-9][0-9][0-9]-*.sh; do
	echo "== $t"
	bash "$t" >"$log" 2>&1
	rc=$?
	cat "$log"
	tally "$t" "$log" $rc
done

if [ -z "${NO_ASAN:-}" ]; then
	echo "== sanitizer build (ASan+UBSan)"
	if make -s check-asan >"$log" 2>&1; then
		build-asan/unit-tests >"$log" 2>&1
		rc=$?
		sed -e 's/^/asan: /' "$log"
		tally asan-unit-tests "$log" $rc
		# the stages that parse untrusted input, under the sanitizers
		for t in tests/t[0-9][0-9][0-9][0-9]-*.sh; do
			grep -q '^# asan: yes' "$t" || continue
			DOSSIER_BIN=build-asan/bin bash "$t" >"$log" 2>&1
			rc=$?
			sed -e 's/^/asan: /' "$log"
			sed -e 's/^/X/' "$log" | sed -n 's/^X//p' >/dev/null
			tally "asan:$t" "$log" $rc
		done
	else
		cat "$log"
		fail=$((fail + 1))
		failed_names="$failed_names asan-build"
	fi
fi

echo "== man pages"
if command -v mandoc >/dev/null 2>&1; then
	for m in man/man?/*.[1-9]; do
		if out=$(mandoc -Tlint -W warning "$m" 2>&1) && [ -z "$out" ]; then
			echo "ok - mandoc -Tlint $m"
			pass=$((pass + 1))
		else
			echo "not ok - mandoc -Tlint $m"
			echo "$out" | sed -e 's/^/#   /'
			fail=$((fail + 1))
			failed_names="$failed_names $m"
		fi
	done
	if tools/check-man.sh >"$log" 2>&1; then
		echo "ok - usage() matches man SYNOPSIS"
		pass=$((pass + 1))
	else
		cat "$log"
		echo "not ok - usage() matches man SYNOPSIS"
		fail=$((fail + 1))
		failed_names="$failed_names check-man"
	fi
else
	echo "not ok - mandoc is not installed (make deps)"
	fail=$((fail + 1))
fi

[ -n "$failed_names" ] && echo "failed:$failed_names"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
