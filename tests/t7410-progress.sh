#!/bin/bash
# t7410-progress: the progress line on a terminal (SPEC §2), captured from a
# pseudo-terminal with script(1): pages done of the known total, rate, time
# left, rewritten in place and cleared to the end of the line; one row per
# stage under dossier-nightly; nothing when not a terminal or with -q
. "$(dirname "$0")/lib.sh"

command -v script >/dev/null || { test_skip 'script(1) (util-linux) is not installed'; test_done; }

mkdir in
cp "$SAMPLES"/inbox/scan_20261121_0001.png "$SAMPLES"/inbox/scan_20261121_0002.png \
    "$SAMPLES"/inbox/scan_20261121_0006.png in/
ESC=$(printf '\033')

# tty CMD - run CMD (a string for bash) with a terminal as stdin, stdout
# and stderr; what the terminal got is on stdout
tty() {
	script -qec "$1" /dev/null
}

test_expect_success 'set up: three pages wait for deskew' '
	dossier-ingest -w 0 -b p1 in >/dev/null 2>&1 &&
	test $(jobs_in deskew/new) = 3
'

test_expect_success 'not a terminal: no progress at all' '
	cp -a "$DOSSIER_SPOOL" spool.copy &&
	DOSSIER_SPOOL=$TRASH/spool.copy dossier-deskew >/dev/null 2>err &&
	! grep -q "pages," err && ! grep -q "$(printf "\r")" err
'

test_expect_success 'with -q on a terminal: no progress either' '
	cp -a "$DOSSIER_SPOOL" spool.q &&
	tty "DOSSIER_SPOOL=$TRASH/spool.q dossier-deskew -q >/dev/null" >capq &&
	! grep -q "pages," capq
'

test_expect_success 'on a terminal: one line, rewritten in place, of the known total' '
	tty "dossier-deskew -j 2 >/dev/null" >cap &&
	cat -v cap &&
	# every update: carriage return, the text, clear to end of line
	tr "\r" "\n" <cap | grep "pages," >lines &&
	test $(wc -l <lines) -ge 2 &&
	! grep -v "^dossier-deskew: [0-9]*/3 pages, [0-9.]*/s, .*${ESC}\[K" lines &&
	# the workers report through one pipe that the runner reads when it
	# is scheduled: on a busy machine two or three pages come in one
	# read (CI saw 2/3 first), so only a count before the end is sure;
	# every count in turn is checked with -j 1 on the four-page job below
	grep -q "^dossier-deskew: [123]/3 pages, [0-9.]*/s, [0-9:]* left${ESC}\[K" lines &&
	grep -q "^dossier-deskew: 3/3 pages, [0-9.]*/s, done in [0-9:]*${ESC}\[K$" lines &&
	# the old fixed padding that left stray letters is gone
	! grep -q "left   " lines
'

mkdir inbox
cp "$SAMPLES"/inbox/scan_20261121_0001.png "$SAMPLES"/inbox/scan_20261121_0006.png inbox/
head -c 2000 "$SAMPLES"/inbox/scan_20261121_0002.png >inbox/cut.png

test_expect_success 'under dossier-nightly: one row per stage, each drawn on its own row' '
	tty "nightly -k -s $TRASH/spool2 -a $TRASH/n.db -w 0 -b p2 inbox >report" >board || true &&
	cat -v board &&
	grep -qx "exit status: 1" report &&
	for s in deskew:5 ocr:4 classify:3 tag:2 load:1; do
		# save cursor, up N rows, the line, clear to end of line, restore
		grep -q "${ESC}7${ESC}\[${s#*:}A.dossier-${s%:*}: [0-9]*/[0-9]* pages, [0-9.]*/s, [-0-9:]* left${ESC}\[K${ESC}8" board ||
		{ echo "no row for ${s%:*}"; exit 1; }
	done &&
	grep -q "${ESC}\[5A.dossier-deskew: [0-9]/3 pages, [0-9.]*/s, done in" board &&
	grep -q "${ESC}\[4A.dossier-ocr: 2/2 pages, [0-9.]*/s, done in" board &&
	grep -q "${ESC}\[1A.dossier-load: 2/2 pages, [0-9.]*/s, done in" board
'

test_expect_success '... and the messages of the stages come after the board, not into it' '
	msg=$(grep -abo "cut.png.: quarantined" board | head -n 1 | cut -d: -f1) &&
	last=$(grep -abo "dossier-[a-z]*: [0-9]*/[0-9]* pages" board | tail -n 1 | cut -d: -f1) &&
	test -n "$msg" && test -n "$last" && test "$msg" -gt "$last"
'

# a TIFF of four pages, one job: its pages counted as each is read, by the
# worker and by its page helper (stage_pages), not all four at its end
# (only "4/4" before)
for i in 1 2 6 7; do
	convert "$SAMPLES/inbox/scan_20261121_000$i.png" -compress lzw p$i.tif ||
	    exit 1
done
mkdir four && tiffcp p1.tif p2.tif p6.tif p7.tif four/four.tif || exit 1

test_expect_success 'a job of four pages: each page counted as it is read' '
	export DOSSIER_SPOOL=$TRASH/spool4 DOSSIER_ARCHIVE=$TRASH/four.db &&
	dossier-ingest -w 0 four >/dev/null && dossier-deskew >/dev/null &&
	cp -a "$DOSSIER_SPOOL" spool4.copy &&
	for j in 1 2; do
		rm -rf "$DOSSIER_SPOOL" && cp -a spool4.copy "$DOSSIER_SPOOL" &&
		tty "dossier-ocr -j $j >/dev/null" >cap4 &&
		tr "\r" "\n" <cap4 | grep "pages," >lines4 &&
		cat -v lines4 &&
		! grep -v "^dossier-ocr: [0-9]/4 pages, " lines4 &&
		# in turn every count shows (a page takes over the 0.1 s
		# between two updates); two processes may end pages at once
		for k in 1 2 3; do
			grep -q "^dossier-ocr: $k/4 pages, [0-9.]*/s, [0-9:]* left" lines4 ||
			    [ $j = 2 ] || return 1
		done &&
		grep -q "^dossier-ocr: [123]/4 pages, [0-9.]*/s, [0-9:]* left" lines4 &&
		grep -q "^dossier-ocr: 4/4 pages, [0-9.]*/s, done in" lines4 ||
		    return 1
	done
'

test_done
