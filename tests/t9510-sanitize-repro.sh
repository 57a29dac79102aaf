#!/bin/bash
# t9510-sanitize-repro: the reproducers of what tests/sanitize-run.sh
# (ASan, UBSan, LeakSanitizer over the samples, the field corpus and a
# hostile set) and tests/valgrind-run.sh (memcheck) found, one test each,
# kept so that the bug cannot come back.  The ASan findings run under the
# sanitizer build (make check runs this script there too); the memcheck
# ones need valgrind and a build without sanitizers, and are skipped
# otherwise.
# asan: yes
. "$(dirname "$0")/lib.sh"

have_valgrind=
if command -v valgrind >/dev/null &&
    ! ldd "$DOSSIER_BIN/dossier-classify" 2>/dev/null | grep -q 'libasan\|libubsan'; then
	have_valgrind=1
fi

# memcheck PROGRAM ARGS...: PROGRAM and the processes it forks under
# valgrind; fails (99) on any error or definite leak
memcheck() {
	valgrind -q --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite --trace-children=yes \
	    --log-file=memcheck.%p "$@" </dev/null
}

# valgrind-run: each forked stage worker lost the parent's table of
# worker pids (src/common/stage.c start_workers)
if [ -n "$have_valgrind" ]; then
	test_expect_success 'a stage worker loses no memory of its parent (memcheck)' '
		rm -f memcheck.* &&
		memcheck dossier-classify -j 2 &&
		! grep -l "definitely lost" memcheck.*
	'
else
	test_skip "memcheck: no valgrind, or a sanitizer build"
fi

# sanitize-run: the stage workers end with _exit(), which skipped
# LeakSanitizer's check: a sanitizer build's worker runs it itself
if ldd "$DOSSIER_BIN/dossier-classify" 2>/dev/null | grep -q libasan; then
	test_expect_success 'a worker of the sanitizer build checks for leaks' '
		nm "$DOSSIER_BIN/dossier-classify" | grep -q " U __lsan_do_leak_check"
	'
else
	test_skip "worker leak check: not a sanitizer build"
fi

test_done
