#!/bin/bash
# check-samples.sh — verify the sample batch against the OCR engine.
#
# Runs `tesseract FILE - -l fra+nld+eng` on every document of truth.tsv (all
# pages; a multi-page TIFF is read whole, pages split on form feeds) and checks:
#   - every phrase of phrases.tsv is in the OCR text of its page
#     (case-insensitive, whitespace collapsed, typographic quotes folded);
#   - every national number of truth.tsv (national_ids and invalid_ids) is read:
#     its 11 digits appear on one line once spaces, dots and dashes are removed;
#   - every IBAN is read (spaces removed);
#   - no other 11-digit number that passes the NISS check is read (an OCR
#     misread that happens to validate would be a linking hazard).
#
# Usage: samples/check-samples.sh [-k DIR]   (-k: keep the OCR text in DIR)
# Needs tesseract with the fra, nld and eng models, and python3.
# Exit status 0 when everything is found, 1 otherwise.
set -eu
export LC_ALL=C.UTF-8
HERE=$(cd "$(dirname "$0")" && pwd)
LANGS=${LANGS:-fra+nld+eng}
KEEP=
if [ "${1:-}" = -k ]; then KEEP=$2; fi
if [ -n "$KEEP" ]; then
	OUT=$KEEP; mkdir -p "$OUT"
else
	OUT=$(mktemp -d "${TMPDIR:-/tmp}/dossier-ocr.XXXXXX")
	trap 'rm -rf "$OUT"' EXIT
fi
JOBS=$(nproc 2>/dev/null || echo 2)
export OMP_THREAD_LIMIT=1

n=0
while IFS=$'\t' read -r file _; do
	[ "$file" = file ] && continue
	tesseract "$HERE/inbox/$file" - -l "$LANGS" >"$OUT/${file//\//_}.txt" 2>/dev/null &
	n=$((n + 1))
	if ((n % JOBS == 0)); then wait; fi
done <"$HERE/truth.tsv"
wait

python3 - "$HERE" "$OUT" <<'EOF'
import csv, re, sys, unicodedata
here, out = sys.argv[1], sys.argv[2]

def norm(s):
    s = unicodedata.normalize("NFC", s).lower()
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", s).strip()

def niss_ok(d):
    if not re.fullmatch(r"\d{11}", d): return False
    f9, c = int(d[:9]), int(d[9:])
    return c == 97 - f9 % 97 or c == 97 - (2000000000 + f9) % 97

truth = list(csv.DictReader(open(f"{here}/truth.tsv", encoding="utf-8"), delimiter="\t"))
phrases = list(csv.DictReader(open(f"{here}/phrases.tsv", encoding="utf-8"), delimiter="\t"))
pages = {}
for t in truth:
    text = open(f"{out}/{t['file'].replace('/', '_')}.txt", encoding="utf-8").read()
    parts = text.split("\f")
    if parts and not parts[-1].strip(): parts = parts[:-1]
    if len(parts) != int(t["pages"]):
        print(f"FAIL {t['file']}: {len(parts)} pages read, {t['pages']} expected")
    for i, p in enumerate(parts, 1): pages[(t["file"], i)] = p

bad = 0
nph = sum(1 for p in phrases)
found_ph = 0
for p in phrases:
    page = pages.get((p["file"], int(p["page"])), "")
    if norm(p["phrase"]) in norm(page): found_ph += 1
    else:
        bad += 1; print(f"MISS phrase {p['file']} p{p['page']}: {p['phrase']!r}")

nid = found_id = niban = found_iban = 0
for t in truth:
    doc = "\n".join(pages.get((t["file"], i), "") for i in range(1, int(t["pages"]) + 1))
    lines_d = [re.sub(r"[ .\-]", "", l) for l in doc.splitlines()]
    lines_i = [re.sub(r"\s", "", l).upper() for l in doc.splitlines()]
    ids = [x for x in (t["national_ids"] + "," + t["invalid_ids"]).split(",") if x]
    for x in ids:
        nid += 1
        if any(x in l for l in lines_d): found_id += 1
        else: bad += 1; print(f"MISS national number {t['file']}: {x}")
    for x in [x for x in t["ibans"].split(",") if x]:
        niban += 1
        if any(x in l for l in lines_i): found_iban += 1
        else: bad += 1; print(f"MISS IBAN {t['file']}: {x}")
    # valid-looking national numbers read that the truth does not list
    for m in re.finditer(r"(?<![\d.])\d{2}[. ]?\d{2}[. ]?\d{2}[-. ]?\d{3}[-. ]?\d{2}(?!\d)", doc):
        d = re.sub(r"\D", "", m.group())
        if niss_ok(d) and d not in ids:
            bad += 1; print(f"EXTRA valid national number read in {t['file']}: {m.group()!r}")

print(f"phrases {found_ph}/{nph}, national numbers {found_id}/{nid}, IBANs {found_iban}/{niban}, "
      f"pages {len(pages)}, documents {len(truth)}")
sys.exit(1 if bad else 0)
EOF
