# bench-lib.sh - what the benchmarks (quality-bench.sh, cleanup-bench.sh,
# field-bench.sh) share, sourced once $bench (their name), $bin (the
# programs) and $keep (-k) are set

# bench_need STAGE... - exit 3 unless $bin/dossier-STAGE is built
bench_need() {
	local b
	for b; do
		test -x "$bin/dossier-$b" || { echo "$bench: no $bin/dossier-$b (make first)" >&2; exit 3; }
	done
}

# bench_tools CMD... - exit 3 unless every CMD is in PATH
bench_tools() {
	local t
	for t; do
		command -v "$t" >/dev/null || { echo "$bench: needs $t" >&2; exit 3; }
	done
}

# bench_work - a fresh work directory in $work, removed at exit unless $keep
bench_work() {
	work=$(mktemp -d "${TMPDIR:-/tmp}/$bench.XXXXXX")
	if [ -n "$keep" ]; then
		echo "$bench: work in $work" >&2
	else
		trap 'rm -rf "$work"' EXIT
	fi
}
