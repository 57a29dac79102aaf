# tests/lib.sh - sourced by every tests/tNNNN-*.sh script (git's test-lib)
#
# Gives each script a fresh trash directory with its own spool and archive,
# a clean environment (LC_ALL=C, TZ=UTC, no DOSSIER_*), the built binaries
# first in PATH, and TAP output:
#
#   test_expect_success 'title' 'cmd && cmd'
#   test_expect_code N 'title' 'cmd'           # cmd must exit with N
#   test_cmp expected actual                    # diff -u
#   test_must_fail cmd...                       # any non-zero, not a crash
#   test_done
#
# Set KEEP=1 to keep the trash directory.  Set DOSSIER_BIN to test another
# build of the binaries (the sanitizer build does).

set -u
TEST_NAME=$(basename "$0" .sh)
SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
: "${DOSSIER_BIN:=$SRCDIR/bin}"
DOSSIER_BIN=$(cd "$DOSSIER_BIN" && pwd)
unset DOSSIER_SPOOL DOSSIER_ARCHIVE DOSSIER_TAGSET DOSSIER_TESSDATA DOSSIER_MODEL
export LC_ALL=C TZ=UTC LANG=C
export PATH="$DOSSIER_BIN:$SRCDIR/pipelines:$PATH"
export SAMPLES="$SRCDIR/samples"
export CORPUS="$SRCDIR/../shared/corpus"
export TAGSET="$SRCDIR/tagsets/default.tagset"
# hermetic: the tagset of this tree, never an installed one
export DOSSIER_TAGSET="$TAGSET"

# ImageMagick's convert makes the test images; what it makes from the same
# arguments and the same input files is kept in tests/trash.cache (make
# clean removes it), so that the sanitizer run of a script and later runs
# do not make it again.  NO_CONVERT_CACHE=1 runs convert every time.
convert_cache() {
	local real dir shim
	real=$(command -v convert) || return 0
	dir=$SRCDIR/tests/trash.cache
	mkdir -p "$dir/convert" "$dir/bin" || return 0
	shim=$dir/bin/convert
	cat >"$shim.$$" <<-EOF
	#!/bin/bash
	# convert, cached by tests/lib.sh: the output file of the same
	# arguments on the same input files is copied from the cache
	real='$real' cache='$dir/convert'
	EOF
	cat >>"$shim.$$" <<-\EOF
	out=${@: -1}
	# only a plain output file: not info:, not stdout, not several files
	case $out in
	*:* | - | *%*) exec "$real" "$@" ;;
	esac
	for a in "$@"; do
		case $a in
		-write | *adjoin) exec "$real" "$@" ;;
		esac
	done
	key=$(
		"$real" -version | head -n 1
		for a in "${@:1:$#-1}"; do
			printf '%s\n' "$a"
			f=${a#*:}
			f=${f%%\[*}
			[ -f "$a" ] && f=$a
			[ -f "$f" ] && sha256sum <"$f"
		done
		printf 'to %s\n' "${out##*.}"
	)
	key=$(printf '%s' "$key" | sha256sum | cut -c1-32)
	exec 9>"$cache/$key.lock"
	flock 9
	if [ -f "$cache/$key" ]; then
		exec cp "$cache/$key" "$out"
	fi
	"$real" "$@" || exit
	cp "$out" "$cache/$key.$$" && mv "$cache/$key.$$" "$cache/$key"
	exit 0
	EOF
	chmod +x "$shim.$$" && mv "$shim.$$" "$shim" &&
		export PATH="$dir/bin:$PATH"
}
[ -n "${NO_CONVERT_CACHE:-}" ] || convert_cache

TRASH="$SRCDIR/tests/trash.$TEST_NAME.$$"
rm -rf "$TRASH"
mkdir -p "$TRASH"
cd "$TRASH" || exit 1
export DOSSIER_SPOOL="$TRASH/spool" DOSSIER_ARCHIVE="$TRASH/dossier.db"

test_count=0
test_failed=0

say() { printf '%s\n' "$*"; }

# test_run_ BODY: a test's body, in a function so that "|| return 1" ends
# it (as in git's test-lib); "exit 1" ends it too (it runs in a subshell)
test_run_() {
	eval "$1"
}

test_expect_success() {
	test_count=$((test_count + 1))
	_title=$1
	shift
	if (test_run_ "$1") >"$TRASH/.out.$test_count" 2>&1; then
		say "ok $test_count - $_title"
	else
		test_failed=$((test_failed + 1))
		say "not ok $test_count - $_title"
		sed -e 's/^/#   /' "$TRASH/.out.$test_count" | tail -n 40
	fi
}

# test_expect_code N 'title' 'cmd': cmd must exit with status N exactly
test_expect_code() {
	_want=$1
	shift
	test_count=$((test_count + 1))
	_title=$1
	(test_run_ "$2") >"$TRASH/.out.$test_count" 2>&1
	_got=$?
	if [ "$_got" = "$_want" ]; then
		say "ok $test_count - $_title"
	else
		test_failed=$((test_failed + 1))
		say "not ok $test_count - $_title (exit $_got, wanted $_want)"
		sed -e 's/^/#   /' "$TRASH/.out.$test_count" | tail -n 40
	fi
}

test_skip() {
	test_count=$((test_count + 1))
	say "ok $test_count # skip $1"
}

# need_corpus FILE: FILE of the corpus (a path under $CORPUS), or the
# script skipped whole, as the tests of a tree without ../shared are
need_corpus() {
	if ! test -f "$1"; then
		test_skip "the corpus file ${1#"$CORPUS"/} is absent"
		test_done
	fi
}

test_cmp() {
	diff -u "$1" "$2"
}

# test_must_fail cmd: fails, but by exiting (status 1..125), not by a signal
test_must_fail() {
	"$@"
	_rc=$?
	if [ $_rc -eq 0 ]; then
		echo "test_must_fail: '$*' succeeded" >&2
		return 1
	elif [ $_rc -gt 125 ]; then
		echo "test_must_fail: '$*' died with status $_rc" >&2
		return 1
	fi
	return 0
}

# wait_until CMD...: until CMD succeeds, tried every tenth of a second, at
# most 60 s (WAIT_TRIES tries, 600 unless set): a state to reach, not a
# guess of time a loaded machine can outrun
wait_until() {
	local n=0
	until "$@"; do
		n=$((n + 1))
		[ $n -lt "${WAIT_TRIES:-600}" ] || return 1
		sleep 0.1
	done
}

# sql QUERY: run a query on the test archive, one row a line, '|' between
sql() {
	sqlite3 -batch -noheader "$DOSSIER_ARCHIVE" "$@"
}

# jobs_in DIR: how many jobs sit in spool DIR (e.g. ocr/new, quarantine)
jobs_in() {
	find "$DOSSIER_SPOOL/$1" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | wc -l
}

test_done() {
	say "1..$test_count"
	if [ "$test_failed" -eq 0 ] && [ -z "${KEEP:-}" ]; then
		cd "$SRCDIR" && rm -rf "$TRASH"
	fi
	[ "$test_failed" -eq 0 ]
	exit $?
}

# test_expect_rc N CMD...: CMD exits with status N exactly
test_expect_rc() {
	_w=$1
	shift
	"$@"
	_r=$?
	[ "$_r" = "$_w" ] || { echo "exit $_r, wanted $_w" >&2; return 1; }
}

# chain: every stage after ingest, in order, on what is queued (stdout
# dropped, errors on stderr)
chain() {
	dossier-deskew >/dev/null && dossier-ocr >/dev/null &&
	dossier-classify >/dev/null && dossier-tag >/dev/null &&
	dossier-load >/dev/null
}

# text_job STAGE ID META FILE...: a job waiting in STAGE/new whose pages
# are the text files FILE ("-": a page without text), as OCR leaves them;
# META: more key=value lines for its meta, or ""
text_job() {
	local stage=$1 id=$2 more=$3 d k f
	shift 3
	# made beside the spool and renamed into the queue whole, as a
	# stage hands a job on: a running stage must not claim it half made
	d=$DOSSIER_SPOOL.job-$id
	rm -rf "$d" && mkdir -p "$d" "$DOSSIER_SPOOL/$stage/new" || return 1
	k=0
	{
		echo "id=$id"
		echo "batch=B1"
		echo "source_file=$id.png"
		echo "pages=$#"
		for f; do
			k=$((k + 1))
			echo "page.$k.source_page=$k"
			[ "$f" = - ] || echo "page.$k.text=p$k.txt"
		done
		[ -z "$more" ] || printf '%s\n' "$more"
		echo end
	} >"$d/meta"
	k=0
	for f; do
		k=$((k + 1))
		[ "$f" = - ] || cp "$f" "$d/p$k.txt" || return 1
	done
	mv -T "$d" "$DOSSIER_SPOOL/$stage/new/$id"
}

# page_key FILE NAME: page 1's NAME in the meta of FILE's job, in whichever
# stage's queue it waits
page_key() {
	sed -n "s/^page\.1\.$2=//p" \
	    "$(grep -l "^source_file=$1$" "$DOSSIER_SPOOL"/*/new/*/meta)"
}

# page_text FILE: page 1's text, once OCR has read FILE's job
page_text() {
	local m
	m=$(grep -l "^source_file=$1$" "$DOSSIER_SPOOL"/classify/new/*/meta) &&
	cat "$(dirname "$m")/$(sed -n 's/^page\.1\.text=//p' "$m")"
}

# words FILE: the words of FILE of four letters or more, one a line, sorted
# (those that OCR's slips of punctuation and case leave comparable; `comm
# -12` of two such lists is the words they share)
words() {
	tr -s '[:space:][:punct:]' '\n' <"$1" | awk 'length($0) >= 4' |
	    tr 'A-Z' 'a-z' | sort
}

# text_holds FILE PATTERN...: FILE holds each PATTERN (grep's); says the
# first it lacks
text_holds() {
	local f=$1 p
	shift
	for p; do
		grep -q -- "$p" "$f" || {
			say "not in $f: $p"
			return 1
		}
	done
}

# dot_print PITCH RADIUS TEXT [SPACING]: dots.png, TEXT in a 7-pixel-high
# bitmap font (its lines SPACING pixels further apart, default 0), each
# pixel a dot RADIUS wide on a grid of PITCH pixels (a draft dot-matrix
# print)
dot_print() {
	convert -size 1400x300 xc:white -font DejaVu-Sans-Mono -pointsize 11 \
	    +antialias -fill black -interline-spacing "${4:-0}" \
	    -annotate +10+14 "$3" -trim +repage -bordercolor white -border 20 \
	    -filter point -resize $((100 * $1))% small.png &&
	convert -size "$1x$1" xc:white -fill black -draw "circle \
	    $((($1 - 1) / 2)),$((($1 - 1) / 2)) $((($1 - 1) / 2)),$(echo \
	    "($1 - 1) / 2 - $2" | bc)" tile.png &&
	convert small.png \( -size $(identify -format %wx%h small.png) \
	    tile:tile.png \) -compose lighten -composite dots.png
}

# cmp_num A OP B: the numbers A and B compared by OP (awk's), e.g. ">"
cmp_num() {
	awk -v a="$1" -v b="$3" "BEGIN { exit !(a $2 b) }"
}

# key FILE PAGE KEY: page KEY of the only job in ocr/new (deskewed) whose
# source_file is FILE
key() {
	grep -h "^page\.$2\.$3=" $(grep -l "^source_file=$1$" "$DOSSIER_SPOOL"/ocr/new/*/meta) | cut -d= -f2
}

# ocr_dir FILE: the directory of that job
ocr_dir() {
	dirname "$(grep -l "^source_file=$1$" "$DOSSIER_SPOOL"/ocr/new/*/meta)"
}
