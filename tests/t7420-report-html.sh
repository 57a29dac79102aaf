#!/bin/bash
# t7420-report-html: the morning report's HTML page: one file, readable
# offline, parsed (python3 html.parser) and its figures checked against
# the archive; an honest status when a stage could not run
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null || { test_skip 'python3 is not installed'; test_done; }

mkdir in0 in1 in2
cp "$SAMPLES"/inbox/scan_20261121_0015.png in0/
cp "$SAMPLES"/inbox/scan_20261121_0001.png "$SAMPLES"/inbox/scan_20261121_0006.png \
    "$SAMPLES"/inbox/accueil/scan_20261121_0009.png in1/
head -c 2000 "$SAMPLES"/inbox/scan_20261121_0002.png >in1/cut.png
cp "$SAMPLES"/inbox/scan_20261121_0008.png in2/

# check.py HTML BATCH ARCHIVE - every figure of the page against the
# archive; prints what differs, exits 1 if anything does
cat >check.py <<'EOF'
import sqlite3, sys
from html.parser import HTMLParser

html, batch, archive = sys.argv[1:4]

class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.stack, self.nights = {}, [], []
        self.tables, self.table, self.row, self.cell = {}, None, None, None
        self.external = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k in ('src', 'href'):
            if k in a:
                self.external.append(a[k])
        if tag == 'script' or tag == 'link':
            self.external.append(tag)
        self.stack.append(a.get('id'))
        if a.get('id'):
            self.ids[a['id']] = ''
        if tag == 'table':
            self.table = a.get('id')
            self.tables[self.table] = []
        if tag == 'tr' and self.table:
            self.row = []
        if tag in ('td', 'th') and self.row is not None:
            self.cell = ''
        if tag == 'g' and a.get('class') == 'night':
            self.nights.append(a)
    def handle_endtag(self, tag):
        if self.stack:
            self.stack.pop()
        if tag in ('td', 'th') and self.row is not None and self.cell is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        if tag == 'tr' and self.row is not None:
            self.tables[self.table].append(self.row)
            self.row = None
        if tag == 'table':
            self.table = None
    def handle_data(self, d):
        if self.stack and self.stack[-1]:
            self.ids[self.stack[-1]] += d
        if self.cell is not None:
            self.cell += d

p = Page()
p.feed(open(html, encoding='utf-8').read())
p.close()
db = sqlite3.connect(archive)
one = lambda sql: db.execute(sql, (batch,)).fetchone()[0]
bad = []
def want(name, got, expect):
    if str(got) != str(expect):
        bad.append('%s: page says %r, archive %r' % (name, got, expect))

want('pages in', p.ids.get('pages-in'), one("SELECT pages_in FROM batch WHERE id = ?"))
want('pages archived', p.ids.get('pages-archived'), one(
    "SELECT count(*) FROM page p JOIN document d ON d.id = p.document_id "
    "WHERE d.batch_id = ? AND p.blank = 0"))
want('blank pages', p.ids.get('pages-blank'), one(
    "SELECT count(*) FROM page p JOIN document d ON d.id = p.document_id "
    "WHERE d.batch_id = ? AND p.blank = 1"))
want('quarantined', p.ids.get('pages-quarantined'), one("SELECT quarantined FROM batch WHERE id = ?"))
want('documents', p.ids.get('documents'), one("SELECT count(*) FROM document WHERE batch_id = ?"))
want('filed', p.ids.get('documents-filed'), one(
    "SELECT count(*) FROM document WHERE batch_id = ? AND status = 'filed'"))
want('in review', p.ids.get('documents-review'), one(
    "SELECT count(*) FROM document WHERE batch_id = ? AND status = 'review'"))
want('classes', sorted(tuple(r) for r in p.tables['classes'][1:]
    if r != ['none']), sorted(
    (c, str(n)) for c, n in db.execute(
    "SELECT class, count(*) FROM document WHERE batch_id = ? GROUP BY 1", (batch,))))
review = sorted((r, str(n)) for r, n in db.execute(
    "SELECT review_reason, count(*) FROM document WHERE batch_id = ? "
    "AND status = 'review' GROUP BY 1", (batch,)))
want('review queue', sorted(tuple(r) for r in p.tables['review'][1:]
    if r != ['none']), review)
nights = {b: (str(n), str(f), str(r)) for b, n, f, r in db.execute(
    "SELECT b.id, b.pages_in, "
    "(SELECT count(*) FROM document d WHERE d.batch_id = b.id AND d.status = 'filed'), "
    "(SELECT count(*) FROM document d WHERE d.batch_id = b.id AND d.status = 'review') "
    "FROM batch b WHERE b.started_at <= (SELECT started_at FROM batch WHERE id = ?)",
    (batch,))}
want('nights', {g['data-batch']: (g['data-pages'], g['data-filed'], g['data-review'])
    for g in p.nights}, nights)
want('external resources', p.external, [])
for k in ('status', 'reconciliation'):
    print('%s: %s' % (k, p.ids.get(k)))
print('quarantine: %r' % p.tables['quarantine'][1:])
print('stages: %r' % p.tables['stages'][1:])
print('nights: %r' % [(g['data-batch'], g['data-pages'], g['data-filed'], g['data-review']) for g in p.nights])
for b in bad:
    print('MISMATCH ' + b)
sys.exit(1 if bad else 0)
EOF

test_expect_success 'two nights: the first' '
	nightly -w 0 -b h0 -r "$SAMPLES/registry.csv" in0 >r0 2>e0 ||
	{ cat e0 r0; exit 1; }
'

test_expect_success 'the second, with an input that is quarantined' '
	{ nightly -w 0 -b h1 in1 >r1 2>e1; test $? = 1; } &&
	grep -qx "html report: $TRASH/reports/h1.html" r1 &&
	test -s reports/h1.html
'

test_expect_success 'the page parses, needs nothing beside it, and its figures are the archive'"'"'s' '
	python3 check.py reports/h1.html h1 "$DOSSIER_ARCHIVE" >out &&
	cat out &&
	grep -qx "status: OK: every page is accounted for" out
'

test_expect_success 'the quarantined input is named with its reason' '
	grep -q "quarantine: \[\[.cut.png (1 page, deskew)., .page 1: corrupt image" out
'

test_expect_success 'the throughput of every stage is given' '
	# a stage that took under a second has no rate: "-"
	for s in ingest deskew ocr classify tag load; do
		grep -q "\[.dossier-$s., .[01]., .[0-9]*., .\([0-9.]*\|-\).\]" out || exit 1
	done
'

test_expect_success 'the chart has the last nights, oldest first' '
	grep -q "nights: \[(.h0., .1., .1., .0.), (.h1., .4., " out
'

test_expect_success 'the text report has the same figures' '
	grep -qx "pages in: 4" r1 &&
	grep -q "<td class=\"n\" id=\"pages-in\">4</td>" reports/h1.html
'

test_expect_success 'a night whose OCR could not run: the page says so, not OK' '
	{ DOSSIER_TESSDATA=$TRASH/none nightly -w 0 -b h2 -o h2.html in2 >r2 2>e2;
	  test $? = 3; } &&
	python3 check.py h2.html h2 "$DOSSIER_ARCHIVE" >out2 &&
	cat out2 &&
	grep -qx "status: INCOMPLETE: pages are still waiting" out2 &&
	grep -q "^reconciliation: .*INCOMPLETE (1 page still waiting: 1 in ocr/new)" out2 &&
	grep -q "<tr class=\"bad\"><th scope=\"row\">dossier-ocr</th><td class=\"n\">3 (could not run)" h2.html &&
	! grep -q "every page is accounted for" h2.html
'

test_done
