# bench-lib.sh - what the benchmarks (quality-bench.sh, cleanup-bench.sh,
# field-bench.sh, degrade-bench.sh) share.  Sourced first thing, as
#	. "$(dirname "$0")/bench-lib.sh"
# it stops the script at its first error, goes to the top of the tree
# and sets $src (there), $bin (DOSSIER_BIN, else bin/) and $corpus
# (DOSSIER_CORPUS, else ../shared/corpus); its functions want $bench (the
# script's name) and $keep (-k) set by then
set -eu
cd "$(dirname "$0")/.."
src=$(pwd)
bin=${DOSSIER_BIN:-$src/bin}
bin=$(cd "$bin" 2>/dev/null && pwd || echo "$bin")
corpus=${DOSSIER_CORPUS:-$src/../shared/corpus}

# bench_env - the C locale, one OpenMP thread a process (for the chain and
# bare tesseract alike: -j the same number of cores), the default tagset
bench_env() {
	export LC_ALL=C OMP_THREAD_LIMIT=1
	export DOSSIER_TAGSET=$src/tagsets/default.tagset
}

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
