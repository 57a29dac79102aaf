#!/bin/bash
# t3100-ocr-bounds: OCR work per page is bounded (issue 14): a page over its
# time budget ends in review with the reason, never back in the queue; the
# pixels handed to the engine are limited; workers keep the program's name
. "$(dirname "$0")/lib.sh"

# big.pl TILE.pgm N OUT.png - an N x N 8-bit grey PNG at 300 dpi tiled
# with the binary PGM TILE (ImageMagick's policy refuses 144 Mpx)
cat >big.pl <<'EOF'
use strict;
use Compress::Zlib;
my ($tile, $n, $out) = @ARGV;
open(my $in, '<:raw', $tile) or die "$tile: $!";
local $/; my $d = <$in>; close $in;
$d =~ s/^P5\s+(\d+)\s+(\d+)\s+255\s//s or die "$tile: not a P5 PGM";
my ($tw, $th) = ($1, $2);
sub chunk { my ($t, $b) = @_;
	return pack('N', length $b) . $t . $b . pack('N', crc32($t . $b)); }
my ($z) = deflateInit(-Level => 1); my $idat = '';
for my $y (0 .. $n - 1) {
	my $r = substr($d, ($y % $th) * $tw, $tw);
	$idat .= $z->deflate("\0" . substr($r x (int($n / $tw) + 1), 0, $n));
}
$idat .= $z->flush();
open(my $o, '>:raw', $out) or die "$out: $!";
print $o "\x89PNG\r\n\x1a\n",
    chunk('IHDR', pack('NNCCCCC', $n, $n, 8, 0, 0, 0, 0)),
    chunk('pHYs', pack('NNC', 11811, 11811, 1)), chunk('IDAT', $idat),
    chunk('IEND', '');
close $o or die "$out: $!";
EOF

mkdir in
convert "$SAMPLES"/inbox/scan_20261121_0001.png -colorspace Gray \
    -crop 2400x3000+40+200 +repage -depth 8 tile.pgm &&
perl big.pl tile.pgm 12000 in/big.png || exit 1

test_expect_success 'a 12000x12000 grey text page passes ingest and deskew' '
	dossier-ingest -w 0 in >/dev/null && dossier-deskew >/dev/null &&
	test $(jobs_in ocr/new) = 1
'

test_expect_success 'over its budget, it goes on with the reason, not back to the queue' '
	dossier-ocr -v --budget 0.02 --max-mpx 16 >ids 2>err &&
	test $(wc -l <ids) = 1 && test $(jobs_in ocr/new) = 0 &&
	test $(jobs_in classify/new) = 1 &&
	m=$(ls "$DOSSIER_SPOOL"/classify/new/*/meta) &&
	grep -q "^review_reason=ocr: page 1 stopped at its budget of 0.3 s for 16.0 Mpx: text incomplete$" "$m" &&
	grep -q "^page.1.ocr_doubt=ocr: page 1 stopped at its budget" "$m" &&
	grep -q "warning: ocr: page 1 stopped at its budget" err
'

test_expect_success 'the words read before the budget are kept, boxes in the page pixels' '
	d=$(ls -d "$DOSSIER_SPOOL"/classify/new/*) &&
	test -f "$d/p0001.txt" && test -f "$d/p0001.tsv" &&
	awk -F"\t" "NF != 7 || \$2 + \$4 > 12001 || \$3 + \$5 > 12001 { exit 1 }" \
	    "$d/p0001.tsv"
'

test_expect_success 'the document is archived in review, the page with that reason' '
	dossier-classify >/dev/null && dossier-tag >/dev/null &&
	dossier-load >/dev/null &&
	sqlite3 "$DOSSIER_ARCHIVE" "SELECT d.status, p.ocr_doubt FROM document d
	    JOIN page p ON p.document_id = d.id" >actual &&
	echo "review|ocr: page 1 stopped at its budget of 0.3 s for 16.0 Mpx: text incomplete" >expect &&
	test_cmp expect actual &&
	# the words read before the budget ran out, perhaps none
	test $(sqlite3 "$DOSSIER_ARCHIVE" "SELECT count(*) FROM page
	    WHERE words IS NOT NULL") = 1
'

test_expect_success 'within the budget and the pixel limit, the same page is not doubted' '
	dossier-ingest -w 0 -s sp2 "$SAMPLES"/inbox/scan_20261121_0001.png >/dev/null &&
	dossier-deskew -s sp2 >/dev/null &&
	dossier-ocr -s sp2 -v 2>err >/dev/null &&
	! grep -q "^review_reason=" sp2/classify/new/*/meta &&
	grep -q "scale 1.00" err
'

test_expect_success 'page.words in the archive: the words file of the job' '
	tsv=$(ls sp2/classify/new/*/p0001.tsv) && cp "$tsv" words.tsv &&
	dossier-classify -s sp2 >/dev/null && dossier-tag -s sp2 >/dev/null &&
	dossier-load -s sp2 -a sp2.db >/dev/null &&
	sqlite3 sp2.db "SELECT words FROM page" >actual &&
	printf "\n" >>words.tsv && test_cmp words.tsv actual &&
	test $(sqlite3 sp2.db "SELECT substr(words, 1, 2) = '"'1'"' || char(9),
	    ocr_doubt IS NULL FROM page") = "1|1"
'

test_expect_success 'a page with ink but no text is doubted: its text may be lost' '
	mkdir in4 &&
	convert -size 2480x3508 xc:white -fill black \
	    -draw "circle 1240,1754 1240,2400" -draw "rectangle 300,300 900,700" \
	    -density 300 -units PixelsPerInch in4/drawing.png &&
	dossier-ingest -w 0 -s sp4 in4 >/dev/null && dossier-deskew -s sp4 >/dev/null &&
	m=$(ls sp4/ocr/new/*/meta) && grep -qx "page.1.blank=0" "$m" &&
	dossier-ocr -s sp4 >/dev/null 2>err &&
	m=$(ls sp4/classify/new/*/meta) &&
	grep -Eq "^page.1.ocr_doubt=ocr: page 1 reads [0-9]+ characters on a page that is not blank$" "$m" &&
	grep -q "^review_reason=ocr: page 1 reads" "$m"
'

# a page of one short line, read whole and surely, is no doubt: the letters
# read account for every text-size spot deskew saw (paperless-ngx's
# simple.png, "This is a test document.", was sent to review)
test_expect_success 'a page of one line read whole is not doubted' '
	mkdir in5 &&
	convert -size 2480x3508 xc:white -font DejaVu-Sans -pointsize 28 -fill black \
	    -annotate +300+400 "This is a test document." \
	    -density 300 -units PixelsPerInch in5/line.png &&
	dossier-ingest -w 0 -s sp5 in5 >/dev/null && dossier-deskew -s sp5 >/dev/null &&
	dossier-ocr -s sp5 >/dev/null 2>err &&
	m=$(ls sp5/classify/new/*/meta) &&
	grep -q "^page.1.ocr_conf=" "$m" &&
	test "$(tr -cd "[:alnum:]" <"$(dirname "$m")/p0001.txt" | wc -c)" -lt 20 &&
	! grep -q "^page.1.ocr_doubt=" "$m" &&
	! grep -q "^review_reason=" "$m"
'

# ...but the same line beside marks of text size that it does not account
# for (a photograph: naps2's word_p1.jpg reads "Page one." of 166 spots);
# the reason says what share of the page deskew found photo, so that a
# clerk knows it for a picture before opening it
W=$CORPUS/field/naps2/word_p1.jpg
if test -f "$W"; then
	test_expect_success 'a short line beside a photograph is still doubted' '
		mkdir in6 && cp "$W" in6/ &&
		dossier-ingest -w 0 -s sp6 in6 >/dev/null &&
		dossier-deskew -s sp6 >/dev/null &&
		dossier-ocr -s sp6 >/dev/null 2>err &&
		m=$(ls sp6/classify/new/*/meta) &&
		grep -Eq "^page.1.ocr_doubt=ocr: page 1 reads [0-9]+ characters on a page that is not blank, photo regions over [0-9]+% of it$" "$m"
	'
else
	test_skip 'naps2/word_p1.jpg is absent'
fi

test_expect_success '-n shows the limits' '
	dossier-ocr -n --budget 2 --max-mpx 20 >n &&
	grep -qx "max-mpx: 20" n && grep -qx "budget: 2 s per Mpx, at least 6 s" n
'

test_expect_code 2 'a budget of 0 is refused' '
	dossier-ocr --budget 0
'

# waits_on_input PID: until the stage PID waits in poll(2) for its input
# (its kernel wait channel), at most 60 s; a kernel that hides the channel
# ("0") is taken at its word once PID sleeps in the stage's program
waits_on_input() {
	local n=0 w
	while :; do
		w=$(cat /proc/$1/wchan 2>/dev/null) || return 1
		case $w in
		*poll*) return 0 ;;
		0) [ $n -ge 10 ] && [ "$(awk "{print \$3}" /proc/$1/stat)" = S ] &&
		    case $(readlink /proc/$1/exe) in */dossier-*) true ;; *) false ;; esac &&
		    return 0 ;;
		esac
		n=$((n + 1))
		[ $n -lt 600 ] || return 1
		sleep 0.1
	done
}

test_expect_success 'OCR workers keep the program name in ps, not "exe"' '
	dossier-ingest -w 0 -s sp3 "$SAMPLES"/inbox/scan_20261121_0002.png >/dev/null &&
	mkfifo fifo &&
	{ dossier-ocr -s sp3 <fifo >/dev/null 2>&1 & } && pid=$! &&
	exec 8>fifo &&
	waits_on_input $pid && cat /proc/$pid/comm >comm && exec 8>&- &&
	wait $pid &&
	echo dossier-ocr >expect && test_cmp expect comm
'

# most_threads PID: the most threads PID and its children had at once,
# looked at every 10 ms until PID ends
most_threads() {
	mx=0
	while kill -0 $1 2>/dev/null; do
		for q in $1 $(pgrep -P $1); do
			n=$(ls /proc/$q/task 2>/dev/null | wc -l)
			[ "$n" -gt $mx ] && mx=$n
		done
		sleep 0.01
	done
	echo $mx
}

# tesseract runs its LSTM in 4 OpenMP threads unless told otherwise; the
# stage tells libgomp itself, whatever OMP_THREAD_LIMIT says
test_expect_success 'tesseract reads with one thread in each worker' '
	OMP_THREAD_LIMIT=4 dossier-ocr -n >n && grep -qx "omp-thread-limit: 1" n &&
	dossier-ingest -w 0 -s sp4 "$SAMPLES"/inbox/scan_20261121_0002.png |
	    dossier-deskew -s sp4 >ids &&
	{ env -u OMP_THREAD_LIMIT dossier-ocr -s sp4 -l eng <ids >/dev/null 2>&1 & } &&
	pid=$! && most_threads $pid >threads && wait $pid &&
	echo 1 >expect && test_cmp expect threads
'

# vm_flags PID: the VmFlags lines of the mappings of PID marked for huge
# pages (MADV_HUGEPAGE: "hg"), once it waits on its input
hg_maps() {
	waits_on_input $1 && grep "^VmFlags:.* hg" /proc/$1/smaps
}

if [ -d /sys/kernel/mm/transparent_hugepage ]; then
test_expect_success 'image stages ask for huge pages without starting again' '
	rm -f fifo && mkfifo fifo &&
	for s in deskew ocr; do
		{ dossier-$s -s sp3 <fifo >/dev/null 2>&1 & } && pid=$! &&
		exec 8>fifo &&
		hg_maps $pid >maps.$s && cat /proc/$pid/comm >comm.$s &&
		exec 8>&- && wait $pid || return 1
		test -s maps.$s && echo dossier-$s >expect &&
		test_cmp expect comm.$s || return 1
	done
'

test_expect_success 'DOSSIER_HUGEPAGES=0 or glibc.malloc.hugetlb=0 turns them off' '
	{ DOSSIER_HUGEPAGES=0 dossier-deskew -s sp3 <fifo >/dev/null 2>&1 & } &&
	pid=$! && exec 8>fifo &&
	{ hg_maps $pid >maps.off1 || :; } && exec 8>&- && wait $pid &&
	{ GLIBC_TUNABLES=glibc.malloc.hugetlb=0 dossier-ocr -s sp3 <fifo \
	    >/dev/null 2>&1 & } && pid=$! && exec 8>fifo &&
	{ hg_maps $pid >maps.off2 || :; } && exec 8>&- && wait $pid &&
	test ! -s maps.off1 && test ! -s maps.off2
'
else
	test_skip "no transparent huge pages in this kernel"
fi

test_done
