#!/bin/bash
# make-samples.sh — generate the sample scan batch of dossier (samples/).
#
# Writes, next to this script:
#   inbox/            a nightly scan batch of a Belgian CPAS/OCMW: 17 documents
#                     (20 pages), one input file = one document, A4 at 300 dpi,
#                     PNG (grey 8-bit and bilevel), JPEG (colour and grey),
#                     multi-page TIFF (CCITT G4) and single-page TIFF (LZW grey),
#                     in inbox/ and inbox/accueil/ (recursion)
#   registry.csv      the household registry for dossier-load --registry
#   truth.tsv         ground truth, one row per document (see README.md)
#   phrases.tsv       words per page that OCR must find (see README.md)
#
# Usage: samples/make-samples.sh          (re-runnable; replaces the files above)
#
# Needs ImageMagick 6 `convert` (override with CONVERT=...), the DejaVu and URW
# base35 fonts (Nimbus, C059, P052), GNU grep with -P. Everything is fixed:
# names, numbers, dates, skew angles and noise seeds, so two runs on the same
# ImageMagick give byte-identical files (PNG date/time chunks are excluded).
#
# Identifiers are computed here, not typed: Belgian national register numbers
# (INSZ/NISS: YYMMDD + serial + 97 - (n mod 97), n prefixed by 2 for people
# born in 2000 or later) and Belgian IBANs (BBAN national check + ISO 13616
# mod-97). Each is verified, and every page text is scanned for anything that
# looks like a national number or IBAN, so truth.tsv lists exactly what is on
# the page. Every phrase of phrases.tsv is checked to be verbatim in the page
# text. check-samples.sh then verifies the result with tesseract.
#
# Skew: `skew_deg` in truth.tsv is the angle given to `convert -rotate`;
# positive = content turned clockwise (ImageMagick's direction), as in
# SPEC §8 (page.skew_deg).
set -eu
export LC_ALL=C.UTF-8

HERE=$(cd "$(dirname "$0")" && pwd)
CONVERT=${CONVERT:-convert}
INBOX=$HERE/inbox
W=2480 H=3508          # A4 at 300 dpi
ML=230 MR=230 TOP=230  # margins in pixels
BATCH=20261121         # scanner file names: scan_<BATCH>_<NNNN>

WORK=$(mktemp -d "${TMPDIR:-/tmp}/dossier-samples.XXXXXX")
# KEEP_WORK=1 keeps the intermediate pages and texts for debugging
if [ -n "${KEEP_WORK:-}" ]; then echo "make-samples: work files in $WORK" >&2; else trap 'rm -rf "$WORK"' EXIT; fi
mkdir -p "$WORK/text"

die() { echo "make-samples: $*" >&2; exit 1; }

# ---------------------------------------------------------------- identifiers

# niss YYYY-MM-DD SSS -> 11 digits
niss() {
	local y=${1:0:4} m=${1:5:2} d=${1:8:2} s=$2 f9 n
	f9=${y:2:2}$m$d$s
	n=$((10#$f9))
	if ((10#$y >= 2000)); then n=$((n + 2000000000)); fi
	printf '%s%02d' "$f9" $((97 - n % 97))
}
# niss_ok NUMBER: valid under the pre-2000 or the post-2000 rule
niss_ok() {
	local v=$1 f9 c
	[[ $v =~ ^[0-9]{11}$ ]] || return 1
	f9=$((10#${v:0:9})) c=$((10#${v:9:2}))
	((c == 97 - f9 % 97 || c == 97 - (f9 + 2000000000) % 97))
}
dots() { local n=$1; printf '%s' "${n:0:2}.${n:2:2}.${n:4:2}-${n:6:3}.${n:9:2}"; }
spaced() { local n=$1; printf '%s' "${n:0:6} ${n:6:3} ${n:9:2}"; }

# iban BANK(3) ACCOUNT(7) -> BE IBAN, no spaces
iban() {
	local b10=$1$2 nat bban
	[[ $b10 =~ ^[0-9]{10}$ ]] || die "bad BBAN $b10"
	nat=$((10#$b10 % 97)); ((nat)) || nat=97
	bban=$b10$(printf '%02d' $nat)
	printf 'BE%02d%s' $((98 - 10#${bban}111400 % 97)) "$bban"
}
iban_ok() {
	local v=$1 bban
	[[ $v =~ ^BE[0-9]{14}$ ]] || return 1
	bban=${v:4:12}
	local nat=$((10#${bban:0:10} % 97)); ((nat)) || nat=97
	((10#${bban:10:2} == nat)) || return 1
	((10#${bban}1114${v:2:2} % 97 == 1))
}
grp() { sed 's/.\{4\}/& /g; s/ $//' <<<"$1"; }
# ogm TEN_DIGITS -> Belgian structured communication +++ddd/dddd/ddddd+++
ogm() {
	local c=$((10#$1 % 97)); ((c)) || c=97
	local s
	s=$1$(printf "%02d" $c)
	printf '+++%s/%s/%s+++' "${s:0:3}" "${s:3:4}" "${s:7:5}"
}

# self-tests: the examples of the brief
[ "$(niss 1985-07-30 033)" = 85073003328 ] || die "niss self-test"
iban_ok BE68539007547034 || die "iban self-test"
[ "$(iban 539 0075470)" = BE68539007547034 ] || die "iban self-test 2"

# ------------------------------------------------------------------- registry

declare -A NN GIVEN SUR ADDR
ADDR[HH-2026-0001]="Rue de la Victoire 112, 1060 Saint-Gilles"
ADDR[HH-2026-0002]="Sleepstraat 45, 9000 Gent"
ADDR[HH-2026-0003]="Chaussée de Gand 210, 1080 Molenbeek-Saint-Jean"
ADDR[HH-2026-0004]="Rue Saint-Gilles 58, 4000 Liège"
ADDR[HH-2026-0005]="Lange Kievitstraat 77 bus 3, 2018 Antwerpen"
ADDR[HH-2026-0006]="Rue Blaes 154, 1000 Bruxelles"
ADDR[HH-2026-0007]="Brugsesteenweg 182, 9000 Gent"

# key household surname given birth serial (odd: man, even: woman)
PEOPLE='marc    HH-2026-0001 Dubois          Marc    1978-03-14 155
sophie  HH-2026-0001 Lambert         Sophie  1981-11-02 246
emma    HH-2026-0001 Dubois          Emma    2009-06-21 078
jan     HH-2026-0002 Peeters         Jan     1965-09-30 043
griet   HH-2026-0002 Van_den_Broeck  Griet   1968-01-17 112
lotte   HH-2026-0002 Peeters         Lotte   2003-04-05 364
youssef HH-2026-0003 El_Amrani       Youssef 1985-07-30 033
fatima  HH-2026-0003 Benali          Fatima  1987-12-12 208
sami    HH-2026-0003 El_Amrani       Sami    2012-02-29 117
nour    HH-2026-0003 El_Amrani       Nour    2016-10-08 092
josiane HH-2026-0004 Lemaire         Josiane 1964-05-19 186
kevin   HH-2026-0004 Lemaire         Kevin   1996-11-03 291
koen    HH-2026-0005 Janssens        Koen    1990-08-08 037
sarah   HH-2026-0005 Willems         Sarah   1992-02-14 226
thilan  HH-2026-0006 Nguyễn          Thi_Lan 1979-10-25 154
bao     HH-2026-0006 Nguyễn          Bao     2005-01-11 067
pieter  HH-2026-0007 De_Smet         Pieter  1974-12-03 219'

{
	echo "household;national_id;surname;given_name;birth_date;address"
	while read -r k hh sur given birth serial; do
		NN[$k]=$(niss "$birth" "$serial")
		niss_ok "${NN[$k]}" || die "invalid NISS for $k"
		SUR[$k]=${sur//_/ } GIVEN[$k]=${given//_/ }
		echo "$hh;${NN[$k]};${SUR[$k]};${GIVEN[$k]};$birth;${ADDR[$hh]}"
	done <<<"$PEOPLE"
} >"$WORK/registry.csv"

# a national number with a typo: Sophie Lambert's, serial digits transposed
v=${NN[sophie]}
BAD_sophie=${v:0:6}${v:7:1}${v:6:1}${v:8:3}
niss_ok "$BAD_sophie" && die "typo number $BAD_sophie is still valid"
[ "$BAD_sophie" != "$v" ] || die "typo number unchanged"

declare -A IB
IB[marc]=$(iban 001 4521873)
IB[sophie]=$(iban 310 1189426)
IB[vermeulen]=$(iban 068 2317745)
IB[koen]=$(iban 735 0421968)
IB[sarah]=$(iban 979 5530217)
IB[jan]=$(iban 890 3342716)
IB[hvw]=$(iban 679 2005512)
IB[woonhaven]=$(iban 091 0118830)
IB[stroom]=$(iban 737 0214586)
IB[youssef]=$(iban 363 1874205)
IB[fatima]=$(iban 143 0962738)
IB[thilan]=$(iban 000 3251476)
IB[verstraete]=$(iban 290 0145679)
IB[pieter]=$(iban 850 8812093)
for k in "${!IB[@]}"; do iban_ok "${IB[$k]}" || die "IBAN self-check $k"; done
declare -A IBG
for k in "${!IB[@]}"; do IBG[$k]=$(grp "${IB[$k]}"); done

# ------------------------------------------------------------------- renderer
#
# render DOC PAGE FONT BOLDFONT [colour] < spec
# One spec line per item, fields separated by '|':
#   sz|N  body size, tenths of a point    hs|N  heading size
#   sp|PX vertical space                   hr    horizontal rule
#   p|T   line at the left margin          pi|X|T  line at margin + X
#   b|T   bold line                        bi|X|T  bold line at margin + X
#   h|T   bold heading (hs)                hc|T  centred bold heading
#   c|T   centred line                     foot|T  small centred page footer
#   lr|L|R   L left, R right-aligned       c3|A|B|C  columns 0, 1150, right
#   row|X:T|X:T...  cells at offset X (number, 'r' right-aligned, 'c' centred)
#   lrb, c3b, rowb: the same in bold
#   sig|X  signature (squiggle and line) at margin + X
#   band|COLOUR|T  full-width coloured band with white bold text
# The text of each page is kept in $WORK/text/DOC.PAGE for the checks.

pts() { printf '%d.%d' $(($1 / 10)) $(($1 % 10)); }
lh() { echo $(($1 * 300 * 145 / 72 / 1000)); } # line height in px for size N/10 pt

render() {
	local doc=$1 page=$2 R=$3 B=$4 colour=${5:-} y=$TOP sz=115 hsz=150
	local -a a f
	local k x t step
	local txt=$WORK/text/$doc.$page
	: >"$txt"
	a=(-size "${W}x$H" xc:white -density 300 -units PixelsPerInch -fill black -stroke none)
	# cell X TEXT FONT SIZE: one annotate at the current y
	cell() {
		local x=$1 t=${2//%/%%} font=$3 size=$4
		case $x in
		r) a+=(-gravity NorthEast -font "$font" -pointsize "$(pts "$size")" -annotate "+$MR+$y" "$t") ;;
		c) a+=(-gravity North -font "$font" -pointsize "$(pts "$size")" -annotate "+0+$y" "$t") ;;
		*) a+=(-gravity NorthWest -font "$font" -pointsize "$(pts "$size")" -annotate "+$((ML + x))+$y" "$t") ;;
		esac
		printf '%s\n' "$2" >>"$txt"
	}
	while IFS='|' read -r -a f; do
		[ ${#f[@]} -gt 0 ] || continue
		k=${f[0]}
		step=$(lh $sz)
		case $k in
		sz) sz=${f[1]}; continue ;;
		hs) hsz=${f[1]}; continue ;;
		sp) y=$((y + f[1])); continue ;;
		hr) a+=(-draw "rectangle $ML,$((y + step / 4)) $((W - MR)),$((y + step / 4 + 2))"); y=$((y + step / 2)); continue ;;
		p) cell 0 "${f[1]}" "$R" $sz ;;
		pi) cell "${f[1]}" "${f[2]}" "$R" $sz ;;
		b) cell 0 "${f[1]}" "$B" $sz ;;
		bi) cell "${f[1]}" "${f[2]}" "$B" $sz ;;
		c) cell c "${f[1]}" "$R" $sz ;;
		h) cell 0 "${f[1]}" "$B" $hsz; step=$(lh $hsz) ;;
		hc) cell c "${f[1]}" "$B" $hsz; step=$(lh $hsz) ;;
		foot)
			local yy=$y; y=$((H - 190)); cell c "${f[1]}" "$R" 90; y=$yy; continue ;;
		lr | lrb)
			t=$R; [ $k = lrb ] && t=$B
			cell 0 "${f[1]}" "$t" $sz; [ -n "${f[2]:-}" ] && cell r "${f[2]}" "$t" $sz ;;
		c3 | c3b)
			t=$R; [ $k = c3b ] && t=$B
			[ -n "${f[1]}" ] && cell 0 "${f[1]}" "$t" $sz
			[ -n "${f[2]:-}" ] && cell 1150 "${f[2]}" "$t" $sz
			[ -n "${f[3]:-}" ] && cell r "${f[3]}" "$t" $sz ;;
		row | rowb)
			t=$R; [ $k = rowb ] && t=$B
			for x in "${f[@]:1}"; do [ -n "$x" ] && cell "${x%%:*}" "${x#*:}" "$t" $sz; done ;;
		sig)
			x=$((ML + f[1]))
			a+=(-fill none -stroke black -strokewidth 4
				-draw "bezier $((x + 20)),$((y + 110)) $((x + 90)),$((y - 30)) $((x + 150)),$((y + 150)) $((x + 230)),$((y + 40))"
				-draw "bezier $((x + 230)),$((y + 40)) $((x + 300)),$((y - 20)) $((x + 330)),$((y + 130)) $((x + 470)),$((y + 70))"
				-stroke none -fill black
				-draw "rectangle $x,$((y + 160)) $((x + 600)),$((y + 162))")
			y=$((y + 190)); continue ;;
		band)
			a+=(-fill "${f[1]}" -draw "rectangle 0,$y $W,$((y + 170))" -fill white)
			y=$((y + 45)); cell 0 "${f[2]}" "$B" 200; a+=(-fill black)
			y=$((y + 210)); continue ;;
		*) die "render $doc: unknown item '$k'" ;;
		esac
		y=$((y + step))
	done
	((y < H - 200)) || die "render $doc page $page: text runs off the page (y=$y)"
	if [ "$colour" = colour ]; then
		"$CONVERT" "${a[@]}" -depth 8 "$WORK/$doc.$page.png"
	else
		"$CONVERT" "${a[@]}" -colorspace Gray -depth 8 "$WORK/$doc.$page.png"
	fi
	# nothing may cross the right margin (the colour band of a letterhead may)
	[ "$colour" = colour ] && return 0
	local bb
	bb=$("$CONVERT" "$WORK/$doc.$page.png" -threshold 60% -negate -format '%@' info:)
	[[ $bb =~ ^([0-9]+)x([0-9]+)\+([0-9]+)\+([0-9]+)$ ]] || die "bbox $bb"
	((BASH_REMATCH[1] + BASH_REMATCH[3] <= W - MR + 8)) ||
		die "render $doc page $page: text crosses the right margin ($bb)"
}

# finish DOC PAGE MODE SKEW [options...] -> $WORK/DOC.PAGE.f.png
#   MODE: grey | bilevel | colour
#   options: speckle=SEED  noise=SEED  paper  blur
finish() {
	local doc=$1 page=$2 mode=$3 skew=$4 o
	shift 4
	local -a a=("$WORK/$doc.$page.png")
	a+=(-units PixelsPerInch -density 300)
	if [ "$skew" != 0 ]; then
		a+=(-background white -rotate "$skew" -gravity center -extent "${W}x$H" +repage)
	fi
	for o in "$@"; do
		case $o in
		blur) a+=(-blur 0x0.8) ;;
		paper) a+=(+level '0%,91%') ;;
		noise=*) a+=(-seed "${o#noise=}" -attenuate 0.35 +noise Gaussian) ;;
		speckle=*)
			a+=(\( -size "${W}x$H" xc:white -seed "${o#speckle=}" -attenuate 0.003 +noise Impulse
				-threshold 50% -morphology Erode Disk:1 \) -compose Multiply -composite) ;;
		*) die "finish: unknown option $o" ;;
		esac
	done
	case $mode in
	bilevel) a+=(-colorspace Gray -threshold 55% -type bilevel) ;;
	grey) a+=(-colorspace Gray -depth 8) ;;
	colour) a+=(-depth 8) ;;
	*) die "finish: mode $mode" ;;
	esac
	"$CONVERT" "${a[@]}" "$WORK/$doc.$page.f.png"
}

PNGOPT=(-define 'png:exclude-chunks=date,time')
out_png() { # DOC OUT (grey or bilevel, as finished)
	"$CONVERT" "$WORK/$1.1.f.png" -units PixelsPerInch -density 300 "${PNGOPT[@]}" "$INBOX/$2"
}
out_png_bilevel() {
	"$CONVERT" "$WORK/$1.1.f.png" -units PixelsPerInch -density 300 -type bilevel "${PNGOPT[@]}" "$INBOX/$2"
}
out_jpg() { # DOC OUT
	"$CONVERT" "$WORK/$1.1.f.png" -units PixelsPerInch -density 300 -strip -quality 85 "$INBOX/$2"
}
out_tif_g4() { # DOC OUT NPAGES
	local i p=()
	for ((i = 1; i <= $3; i++)); do p+=("$WORK/$1.$i.f.png"); done
	"$CONVERT" "${p[@]}" -units PixelsPerInch -density 300 -type bilevel -compress Group4 -strip "$INBOX/$2"
}
out_tif_lzw() { # DOC OUT
	"$CONVERT" "$WORK/$1.1.f.png" -units PixelsPerInch -density 300 -colorspace Gray -depth 8 \
		-compress LZW -strip "$INBOX/$2"
}

# ---------------------------------------------------------------- truth files

: >"$WORK/truth"
: >"$WORK/phrases"
# truth DOC FILE PAGES CLASS HOUSEHOLD LANG SKEW "NIDS" "INVALID" "IBANS"
# (lists space-separated here, comma-separated in truth.tsv)
truth() {
	local doc=$1 file=$2 pages=$3 nids=$8 inv=$9 ibans=${10} i
	# what the page texts really contain must be what the truth says
	local found_n="" found_i="" found_b="" c d
	for ((i = 1; i <= pages; i++)); do
		while read -r c; do
			d=${c//[^0-9]/}
			if niss_ok "$d"; then found_n+=" $d"; else found_i+=" $d"; fi
		done < <(grep -oP '(?<![0-9A-Z.])\d{2}[. ]?\d{2}[. ]?\d{2}[-. ]?\d{3}[-. ]?\d{2}(?![0-9])' "$WORK/text/$doc.$i" || true)
		# any 11 digits inside a longer run of digits must not be a valid number
		while read -r c; do
			local j
			for ((j = 0; j + 11 <= ${#c}; j++)); do
				niss_ok "${c:j:11}" && [ ${#c} -gt 11 ] && die "$file: ${c:j:11} inside $c passes the NISS check"
			done
		done < <(grep -oP '\d{11,}' "$WORK/text/$doc.$i" || true)
		while read -r c; do
			c=${c// /}
			iban_ok "$c" || die "$file: invalid IBAN $c on page $i"
			found_b+=" $c"
		done < <(grep -oP 'BE\d{2}(?: ?\d{4}){3}' "$WORK/text/$doc.$i" || true)
	done
	norm() { tr ' ' '\n' <<<"$1" | grep . | sort -u | tr '\n' ' '; }
	[ "$(norm "$found_n")" = "$(norm "$nids")" ] || die "$file: national numbers on page: $found_n; truth: $nids"
	[ "$(norm "$found_i")" = "$(norm "$inv")" ] || die "$file: invalid numbers on page: $found_i; truth: $inv"
	[ "$(norm "$found_b")" = "$(norm "$ibans")" ] || die "$file: IBANs on page: $found_b; truth: $ibans"
	[ -f "$INBOX/$file" ] || die "$file not written"
	cs() { norm "$1" | sed 's/ $//; s/ /,/g'; }
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$file" "$pages" "$4" "$5" "$6" "$7" \
		"$(cs "$nids")" "$(cs "$inv")" "$(cs "$ibans")" >>"$WORK/truth"
}
# phrase DOC FILE PAGE TEXT...
phrase() {
	local doc=$1 file=$2 page=$3 p
	shift 3
	for p in "$@"; do
		grep -qF -- "$p" "$WORK/text/$doc.$page" || die "$file page $page: phrase '$p' is not on the page"
		printf '%s\t%s\t%s\n' "$file" "$page" "$p" >>"$WORK/phrases"
	done
}

rm -rf "$INBOX"
mkdir -p "$INBOX/accueil"

# ================================================================== documents

# ---- 0001 income_certificate, fra, HH-2026-0003 (Youssef El Amrani) --------
d=0001 F=scan_${BATCH}_0001.png S=2.2
render $d 1 Nimbus-Sans-Regular Nimbus-Sans-Bold <<EOF
sz|110
b|CPAS de Molenbeek-Saint-Jean
p|Centre public d'action sociale
p|Rue Alphonse Vandenpeereboom 14
p|1080 Molenbeek-Saint-Jean
p|Tél. 02 412 53 11
sp|40
pi|1250|Monsieur Youssef El Amrani
pi|1250|Chaussée de Gand 210
pi|1250|1080 Molenbeek-Saint-Jean
sp|40
p|Molenbeek-Saint-Jean, le 4 novembre 2026
p|Notre référence : SSI/RI/2026/04817
p|Service : Revenu d'intégration
sp|50
hc|ATTESTATION DE REVENUS
c|Revenu d'intégration sociale
sp|40
p|Le Centre public d'action sociale de Molenbeek-Saint-Jean certifie que
p|Monsieur Youssef El Amrani, né le 30 juillet 1985,
p|numéro de registre national : $(dots ${NN[youssef]}),
p|domicilié Chaussée de Gand 210 à 1080 Molenbeek-Saint-Jean,
p|bénéficie du revenu d'intégration au taux personne avec famille à charge
p|depuis le 1er mars 2026, en application de la loi du 26 mai 2002
p|concernant le droit à l'intégration sociale.
sp|30
p|Montants versés au cours des six derniers mois :
sp|10
lrb|Mois|Montant net
hr
lr|Mai 2026|1.640,83 EUR
lr|Juin 2026|1.640,83 EUR
lr|Juillet 2026|1.640,83 EUR
lr|Août 2026|1.673,65 EUR
lr|Septembre 2026|1.673,65 EUR
lr|Octobre 2026|1.673,65 EUR
hr
lrb|Total|9.943,44 EUR
sp|30
p|Les paiements sont effectués mensuellement sur le compte
p|${IBG[youssef]} au nom du bénéficiaire.
p|La présente attestation est délivrée pour servir auprès de la
p|société de logement social et ne peut être utilisée à d'autres fins.
sp|60
p|Pour le Conseil de l'action sociale,
sp|20
sig|0
lr|Le Secrétaire général|Le Président
lr|Jean-Pierre Vandamme|Nadia Bouzid
EOF
finish $d 1 bilevel $S
out_png_bilevel $d "$F"
truth $d "$F" 1 income_certificate HH-2026-0003 fra $S "${NN[youssef]}" "" "${IB[youssef]}"
phrase $d "$F" 1 "famille à charge" "Montants versés" "derniers mois" "logement social"

# ---- 0002 payslip, nld, HH-2026-0005 (Koen Janssens) -----------------------
d=0002 F=scan_${BATCH}_0002.png S=0
render $d 1 DejaVu-Sans DejaVu-Sans-Bold <<EOF
sz|110
b|Logistiek Scheldepoort NV
p|Noorderlaan 147, 2030 Antwerpen
p|Ondernemingsnummer BE 0478.112.563
p|Paritair comité 226
sp|40
pi|1250|De heer Koen Janssens
pi|1250|Lange Kievitstraat 77 bus 3
pi|1250|2018 Antwerpen
sp|50
hc|LOONBRIEF
c|Periode: oktober 2026
sp|30
lr|Werknemer|Koen Janssens
lr|Personeelsnummer|004512
lr|INSZ|${NN[koen]}
lr|Functie|Magazijnmedewerker
lr|Datum in dienst|03/01/2022
lr|Arbeidsduur|38 uur per week
hr
c3b|Omschrijving|Aantal|Bedrag
c3|Basisloon|21 dagen|2.684,00
c3|Ploegenpremie|21 dagen|161,04
c3|Brutoloon||2.845,04
c3|RSZ werknemer 13,07 %||-371,85
c3|Belastbaar loon||2.473,19
c3|Bedrijfsvoorheffing||-452,61
c3|Bijzondere bijdrage sociale zekerheid||-18,60
c3|Maaltijdcheques eigen bijdrage|21|-22,89
hr
lrb|Nettoloon|1.979,09 EUR
sp|40
p|Het nettoloon wordt op 31 oktober 2026 overgeschreven op
p|rekening ${IBG[koen]}.
p|Vakantiegeld en eindejaarspremie worden afzonderlijk uitbetaald.
p|Bewaar deze loonbrief zorgvuldig.
sp|60
p|Sociaal secretariaat Loonwerk vzw, Antwerpen
foot|Loonbrief oktober 2026 - blad 1/1
EOF
finish $d 1 grey $S blur
out_png $d "$F"
truth $d "$F" 1 payslip HH-2026-0005 nld $S "${NN[koen]}" "" "${IB[koen]}"
phrase $d "$F" 1 "Belastbaar loon" "uur per week" "Bewaar deze loonbrief" "Datum in dienst"

# ---- 0003 lease (3 pages, G4), fra, HH-2026-0001 (Marc Dubois) -------------
d=0003 F=scan_${BATCH}_0003.tif S=0
render $d 1 Nimbus-Roman-Regular Nimbus-Roman-Bold <<EOF
sz|120
hs|160
hc|CONTRAT DE BAIL DE RÉSIDENCE PRINCIPALE
c|Région de Bruxelles-Capitale - Code bruxellois du Logement
sp|50
b|Entre les soussignés :
p|1. Le bailleur : Madame Christine Vermeulen, domiciliée Avenue Brugmann 250,
p|1180 Uccle, ci-après dénommée « le bailleur »,
sp|20
p|2. Le preneur : Monsieur Marc Dubois, né le 14 mars 1978,
p|numéro de registre national : $(dots ${NN[marc]}),
p|ci-après dénommé « le preneur »,
sp|20
p|il a été convenu ce qui suit.
sp|30
b|Article 1 - Objet
p|Le bailleur donne en location au preneur, qui accepte, un appartement situé
p|Rue de la Victoire 112, 1060 Saint-Gilles, au deuxième étage, comprenant un
p|séjour, deux chambres, une cuisine équipée, une salle de bains et une cave.
p|Le bien est destiné à la résidence principale du preneur et de sa famille.
sp|20
b|Article 2 - Durée
p|Le bail est conclu pour une durée de neuf années prenant cours le
p|1er septembre 2026 pour se terminer le 31 août 2035.
sp|20
b|Article 3 - Loyer
p|Le loyer mensuel de base est fixé à 925,00 EUR (neuf cent vingt-cinq euros),
p|payable par anticipation le premier jour de chaque mois sur le compte du
p|bailleur ${IBG[vermeulen]}.
p|Le loyer est indexé une fois par an à la date anniversaire de l'entrée en
p|vigueur du bail, conformément à l'article 224 du Code.
sp|20
b|Article 4 - Charges
p|Une provision mensuelle pour charges communes de 85,00 EUR est payée en
p|même temps que le loyer. Un décompte annuel est établi sur la base des
p|frais réels et communiqué au preneur.
foot|Paraphes : ....... / .......          Page 1 / 3
EOF
render $d 2 Nimbus-Roman-Regular Nimbus-Roman-Bold <<EOF
sz|120
b|Article 5 - Garantie locative
p|Le preneur constitue une garantie locative de 1.850,00 EUR, soit deux mois de
p|loyer, sur un compte individualisé ouvert à son nom auprès d'une institution
p|financière, conformément à l'article 248 du Code bruxellois du Logement.
p|La garantie est libérée en fin de bail, après exécution de toutes les
p|obligations du preneur.
sp|20
b|Article 6 - État des lieux
p|Un état des lieux d'entrée détaillé est dressé contradictoirement entre les
p|parties le 29 août 2026 et annexé au présent contrat. Un état des lieux de
p|sortie sera établi à la fin du bail.
sp|20
b|Article 7 - Entretien et réparations
p|Le preneur prend à sa charge les réparations locatives et l'entretien
p|courant du bien. Les grosses réparations et l'entretien de la chaudière
p|au gaz restent à charge du bailleur. Le preneur signale sans délai tout
p|dégât au bailleur.
sp|20
b|Article 8 - Assurance incendie
p|Le preneur fait assurer sa responsabilité locative contre l'incendie et
p|les dégâts des eaux auprès d'une compagnie agréée et en justifie au
p|bailleur chaque année.
sp|20
b|Article 9 - Résiliation
p|Le preneur peut mettre fin au bail à tout moment moyennant un préavis de
p|trois mois. Si le preneur met fin au bail au cours des trois premières
p|années, il doit au bailleur une indemnité égale à trois mois, deux mois
p|ou un mois de loyer selon que le bail prend fin au cours de la première,
p|de la deuxième ou de la troisième année.
foot|Paraphes : ....... / .......          Page 2 / 3
EOF
render $d 3 Nimbus-Roman-Regular Nimbus-Roman-Bold <<EOF
sz|120
b|Article 10 - Enregistrement
p|L'enregistrement du présent bail est à charge du bailleur, dans les deux
p|mois de sa signature. Le bailleur remet la preuve de l'enregistrement
p|au preneur.
sp|20
b|Article 11 - Domicile
p|Le preneur élit domicile dans les lieux loués pour toute notification
p|relative au présent bail.
sp|20
b|Annexes
p|- état des lieux d'entrée du 29 août 2026 ;
p|- certificat de performance énergétique du bâtiment ;
p|- annexe régionale relative à la législation sur le bail d'habitation.
sp|40
p|Fait à Saint-Gilles, le 22 août 2026, en deux exemplaires originaux,
p|chacune des parties reconnaissant avoir reçu le sien.
sp|60
row|0:Le bailleur|1150:Le preneur
row|0:Lu et approuvé|1150:Lu et approuvé
sp|20
sig|0
sp|-190
sig|1150
row|0:Christine Vermeulen|1150:Marc Dubois
foot|Paraphes : ....... / .......          Page 3 / 3
EOF
for i in 1 2 3; do finish $d $i bilevel $S; done
out_tif_g4 $d "$F" 3
truth $d "$F" 3 lease HH-2026-0001 fra $S "${NN[marc]}" "" "${IB[vermeulen]}"
phrase $d "$F" 1 "loyer mensuel" "résidence principale" "cuisine équipée"
phrase $d "$F" 2 "garantie locative" "réparations locatives" "trois mois"
phrase $d "$F" 3 "deux exemplaires originaux" "élit domicile" "Lu et approuvé"

# ---- 0004 energy_bill (colour JPEG), nld, no national number -> review -----
d=0004 F=scan_${BATCH}_0004.jpg S=0
render $d 1 DejaVu-Sans DejaVu-Sans-Bold colour <<EOF
sz|110
band|#1f7a4d|Scheldestroom Energie
p|Scheldestroom Energie NV - Kortrijksesteenweg 1089 - 9051 Gent
p|Klantendienst 09 265 40 00 - BTW BE 0698.214.337
sp|40
pi|1250|De heer Jan Peeters
pi|1250|Sleepstraat 45
pi|1250|9000 Gent
sp|40
hc|FACTUUR ELEKTRICITEIT
c|Jaarlijkse afrekening
sp|30
lr|Factuurnummer|F26/0984412
lr|Factuurdatum|12 oktober 2026
lr|Klantnummer|7004 8812
lr|Verbruiksperiode|01/10/2025 - 30/09/2026
lr|EAN-code|541448820043617205
lr|Meternummer|1SAG1100042876
hr
b|Overzicht verbruik
c3|Dagtarief|1.864 kWh|
c3|Nachttarief|1.126 kWh|
c3|Totaal verbruik|2.990 kWh|
hr
b|Berekening
c3|Energiekost|2.990 kWh x 0,2150|642,85
c3|Vaste vergoeding|12 maanden|59,40
c3|Nettarieven distributie|2.990 kWh|297,80
c3|Heffingen en toeslagen||38,12
c3|Subtotaal excl. btw||1.038,17
c3|Btw 6 %||62,29
c3|Totaal afrekening||1.100,46
c3|Reeds betaalde voorschotten|12 x 85,00|-1.020,00
hr
lrb|Te betalen|80,46 EUR
sp|30
p|Gelieve het bedrag van 80,46 EUR te betalen vóór 26 oktober 2026
p|op rekening ${IBG[stroom]} met gestructureerde mededeling
p|$(ogm 0909337554).
p|Uw nieuw voorschot bedraagt 89,00 EUR per maand vanaf november 2026.
p|Vragen over deze factuur? Bel onze klantendienst of surf naar
p|www.scheldestroom.be/klanten.
foot|Scheldestroom Energie NV - RPR Gent - BE 0698.214.337
EOF
finish $d 1 colour $S blur noise=4
"$CONVERT" "$WORK/$d.1.f.png" +level-colors '#1a1a1a,#f8f5ec' "$WORK/$d.1.f.png"
out_jpg $d "$F"
truth $d "$F" 1 energy_bill review nld $S "" "" "${IB[stroom]}"
phrase $d "$F" 1 "Overzicht verbruik" "Vaste vergoeding" "gestructureerde mededeling" "nieuw voorschot"

# ---- 0005 bank_statement (2 pages, G4), nld, HH-2026-0002 (Jan Peeters) ----
d=0005 F=scan_${BATCH}_0005.tif S=0
render $d 1 DejaVu-Sans-Mono DejaVu-Sans-Mono-Bold <<EOF
sz|105
b|Spaarbank Scheldeland
p|Korenmarkt 16, 9000 Gent - BIC SPSLBE22
sp|40
hc|REKENINGUITTREKSEL
c|Uittreksel nr. 11 / 2026
sp|20
lr|Rekeninghouder|Jan Peeters
lr|Adres|Sleepstraat 45, 9000 Gent
lr|Rekeningnummer|${IBG[jan]}
lr|Type rekening|Zichtrekening
lr|Periode|01/10/2026 - 31/10/2026
hr
lrb|Vorig saldo op 30/09/2026|+412,37 EUR
hr
rowb|0:Datum|330:Omschrijving|r:Bedrag
row|0:01/10|330:Overschrijving Hulpkas Werkloosheid|r:+1.498,30
row|330:van ${IBG[hvw]}
row|330:Uitkering 09/2026 INSZ $(dots ${NN[jan]})
row|0:03/10|330:Domiciliëring Scheldestroom Energie|r:-85,00
row|330:Voorschot elektriciteit oktober
row|0:05/10|330:Overschrijving Woonhaven Gent|r:-512,40
row|330:naar ${IBG[woonhaven]}
row|330:Huur oktober 2026 Sleepstraat 45
row|0:08/10|330:Betaling Bancontact Supermarkt Gent|r:-63,18
row|0:12/10|330:Betaling Bancontact Apotheek Sleepstraat|r:-14,75
row|0:15/10|330:Domiciliëring Telecom Oost|r:-49,99
row|0:20/10|330:Overschrijving Groeipakket|r:+173,20
row|330:Groeipakket oktober 2026
hr
lrb|Over te dragen|+1.358,55 EUR
foot|Spaarbank Scheldeland - blad 1/2
EOF
render $d 2 DejaVu-Sans-Mono DejaVu-Sans-Mono-Bold <<EOF
sz|105
b|Spaarbank Scheldeland
p|Rekeninguittreksel nr. 11 / 2026 - vervolg
lr|Rekeningnummer|${IBG[jan]}
hr
lrb|Overgedragen saldo|+1.358,55 EUR
hr
rowb|0:Datum|330:Omschrijving|r:Bedrag
row|0:22/10|330:Geldopname automaat Gent Zuid|r:-100,00
row|0:24/10|330:Betaling Bancontact Supermarkt Gent|r:-47,32
row|0:27/10|330:Overschrijving naar L. Peeters|r:-50,00
row|330:Zakgeld
row|0:29/10|330:Domiciliëring Mutualiteit bijdrage|r:-12,60
row|0:31/10|330:Beheerskosten zichtrekening|r:-2,50
hr
lrb|Nieuw saldo op 31/10/2026|+1.146,13 EUR
sp|60
p|Controleer dit uittreksel bij ontvangst. Opmerkingen over de
p|verrichtingen meldt u binnen dertig dagen aan uw kantoor.
p|Uw deposito is beschermd door het Garantiefonds tot 100.000 EUR.
sp|30
p|Gent, 31 oktober 2026
foot|Spaarbank Scheldeland - blad 2/2
EOF
for i in 1 2; do finish $d $i bilevel $S; done
out_tif_g4 $d "$F" 2
truth $d "$F" 2 bank_statement HH-2026-0002 nld $S "${NN[jan]}" "" "${IB[jan]} ${IB[hvw]} ${IB[woonhaven]}"
phrase $d "$F" 1 "Vorig saldo" "Over te dragen" "Type rekening"
phrase $d "$F" 2 "Nieuw saldo" "binnen dertig dagen" "Overgedragen saldo"

# ---- 0006 medical_certificate, fra, HH-2026-0004 (Josiane Lemaire) ---------
d=0006 F=scan_${BATCH}_0006.png S=-3.8
render $d 1 C059-Roman C059-Bold <<EOF
sz|120
b|Docteur Philippe Renard
p|Médecine générale
p|Boulevard de la Sauvenière 87
p|4000 Liège
p|Tél. 04 223 18 40
sp|80
hs|170
hc|CERTIFICAT MÉDICAL
c|d'incapacité de travail
sp|60
p|Je soussigné, docteur en médecine, certifie avoir examiné ce jour
p|Madame Josiane Lemaire, domiciliée Rue Saint-Gilles 58 à 4000 Liège,
p|NISS ${NN[josiane]},
p|et avoir constaté que son état de santé entraîne une incapacité de
p|travail totale du 15/09/2026 au 14/10/2026 inclus.
sp|30
p|Il s'agit d'une prolongation de l'incapacité en cours.
p|Date de début de la maladie : 2 septembre 2026.
p|La patiente est autorisée à quitter son domicile.
sp|30
p|Le présent certificat est destiné à la mutualité et au CPAS de Liège,
p|à l'appui de la demande d'aide sociale complémentaire.
p|Les données médicales sont couvertes par le secret médical.
sp|60
p|Fait à Liège, le 15 septembre 2026.
sp|60
p|Signature et cachet du médecin
sig|0
p|Dr Philippe Renard
EOF
finish $d 1 bilevel $S speckle=6
out_png_bilevel $d "$F"
truth $d "$F" 1 medical_certificate HH-2026-0004 fra $S "${NN[josiane]}" "" ""
phrase $d "$F" 1 "Médecine générale" "état de santé" "secret médical" "Signature et cachet"

# ---- 0007 tax_assessment (grey paper), nld, HH-2026-0005 (Janssens/Willems)
d=0007 F=scan_${BATCH}_0007.png S=0.8
render $d 1 Nimbus-Sans-Regular Nimbus-Sans-Bold <<EOF
sz|110
b|FOD FINANCIËN
p|Algemene Administratie van de Fiscaliteit
p|Team Personenbelasting Antwerpen
p|Italiëlei 4 bus 1, 2000 Antwerpen
sp|40
pi|1250|Janssens Koen en Willems Sarah
pi|1250|Lange Kievitstraat 77 bus 3
pi|1250|2018 Antwerpen
sp|50
hc|AANSLAGBILJET PERSONENBELASTING
c|Aanslagjaar 2026 - Inkomsten 2025
sp|30
lr|Artikel van het kohier|713.408.226
lr|Datum van uitvoerbaarverklaring|18/09/2026
lr|Verzendingsdatum|25 september 2026
lr|Nationaal nummer belastingplichtige|$(dots ${NN[koen]})
lr|Nationaal nummer partner|$(dots ${NN[sarah]})
hr
c3b||Belastingplichtige|Partner
c3|Netto belastbaar inkomen|27.418,60|14.902,15
c3|Belasting na verminderingen|6.154,20|2.318,63
c3|Gemeentebelasting 7,0 %|430,79|162,30
c3|Bedrijfsvoorheffing|-6.602,18|-2.708,34
c3|Saldo|-17,19|-227,41
hr
lrb|Terug te betalen bedrag|244,60 EUR
sp|40
p|Het terug te betalen bedrag wordt binnen de twee maanden gestort op
p|rekening ${IBG[koen]}.
p|Indien u het niet eens bent met deze aanslag, kunt u binnen een
p|termijn van zes maanden een bezwaarschrift indienen bij de
p|gewestelijke directeur. Vermeld steeds het artikel van het kohier
p|in uw briefwisseling.
foot|Aanslagbiljet personenbelasting - aanslagjaar 2026
EOF
finish $d 1 grey $S blur paper
out_png $d "$F"
truth $d "$F" 1 tax_assessment HH-2026-0005 nld $S "${NN[koen]} ${NN[sarah]}" "" "${IB[koen]}"
phrase $d "$F" 1 "Netto belastbaar inkomen" "bezwaarschrift indienen" "gewestelijke directeur"

# ---- 0008 social_aid_decision, fra, HH-2026-0006 (Nguyễn Thi Lan) ----------
d=0008 F=scan_${BATCH}_0008.png S=1.2
render $d 1 DejaVu-Serif DejaVu-Serif-Bold <<EOF
sz|110
b|CPAS de la Ville de Bruxelles
p|Centre public d'action sociale
p|Département Action sociale
p|Rue Haute 298A, 1000 Bruxelles
sp|30
pi|1250|Madame Nguyễn Thi Lan
pi|1250|Rue Blaes 154
pi|1250|1000 Bruxelles
sp|30
p|Bruxelles, le 9 octobre 2026
p|Dossier n° 2026/SOC/11873
p|Assistante sociale : Mme Claire Delvaux
sp|40
hs|135
hc|DÉCISION DU CONSEIL DE L'ACTION SOCIALE
c|Comité spécial du service social - séance du 7 octobre 2026
sp|30
p|Madame,
p|Le Comité spécial du service social, agissant par délégation du
p|Conseil de l'action sociale, a examiné votre demande introduite le
p|12 septembre 2026.
sp|20
b|Concerne : Madame Nguyễn Thi Lan
p|Numéro de registre national : $(dots ${NN[thilan]})
sp|20
b|Décision
p|Le Comité décide de vous octroyer le revenu d'intégration au taux
p|personne avec famille à charge, soit 1.673,65 EUR par mois,
p|à partir du 12 septembre 2026, payable sur le compte ${IBG[thilan]}.
p|Le Comité vous accorde en outre une aide sociale complémentaire
p|de 150,00 EUR pour les frais scolaires de votre fils.
sp|20
b|Motivation
p|Il ressort de l'enquête sociale que vous ne disposez pas de ressources
p|suffisantes et que vous remplissez les conditions de la loi du 26 mai
p|2002 concernant le droit à l'intégration sociale.
sp|20
b|Recours
p|Vous pouvez introduire un recours contre cette décision auprès du
p|Tribunal du travail de Bruxelles dans les trois mois de sa notification.
sp|30
p|Veuillez agréer, Madame, nos salutations distinguées.
sp|20
sig|1150
row|0:La Secrétaire générale|1150:Le Président
EOF
finish $d 1 bilevel $S
out_png_bilevel $d "$F"
truth $d "$F" 1 social_aid_decision HH-2026-0006 fra $S "${NN[thilan]}" "" "${IB[thilan]}"
phrase $d "$F" 1 "enquête sociale" "Tribunal du travail" "salutations distinguées" "frais scolaires"

# ---- accueil/0009 household_composition, fra, HH-2026-0001 (Dubois) --------
d=0009 F=accueil/scan_${BATCH}_0009.png S=0
render $d 1 P052-Roman P052-Bold <<EOF
sz|115
b|Commune de Saint-Gilles
p|Service Population
p|Place Maurice Van Meenen 39
p|1060 Saint-Gilles
sp|80
hs|170
hc|COMPOSITION DE MÉNAGE
c|Extrait du registre de la population
sp|60
p|L'Officier de l'état civil certifie que, d'après les registres de la
p|population, le ménage domicilié à l'adresse
sp|10
bi|300|Rue de la Victoire 112, 1060 Saint-Gilles
sp|10
p|est composé comme suit à la date du 3 novembre 2026 :
sp|30
rowb|0:Nom et prénoms|620:Naissance|1000:Numéro national|1540:Lien
hr
row|0:DUBOIS Marc|620:14/03/1978|1000:$(dots ${NN[marc]})|1540:Chef de ménage
row|0:LAMBERT Sophie|620:02/11/1981|1000:$(dots ${NN[sophie]})|1540:Épouse
row|0:DUBOIS Emma|620:21/06/2009|1000:$(dots ${NN[emma]})|1540:Fille
hr
sp|40
p|Le présent certificat est délivré à la demande de l'intéressé pour être
p|produit auprès du CPAS de Saint-Gilles.
sp|30
p|Fait à Saint-Gilles, le 3 novembre 2026.
sp|60
p|Pour le Bourgmestre, l'Officier de l'état civil délégué,
sp|20
sig|0
p|Droit de timbre : gratuit
EOF
finish $d 1 bilevel $S
out_png_bilevel $d "$F"
truth $d "$F" 1 household_composition HH-2026-0001 fra $S "${NN[marc]} ${NN[sophie]} ${NN[emma]}" "" ""
phrase $d "$F" 1 "Service Population" "registre de la population" "Chef de ménage" "Droit de timbre"

# ---- accueil/0010 unemployment_certificate, nld, HH-2026-0005 (Sarah Willems)
d=0010 F=accueil/scan_${BATCH}_0010.png S=-2.0
render $d 1 DejaVu-Sans DejaVu-Sans-Bold <<EOF
sz|110
b|Hulpkas voor Werkloosheidsuitkeringen
p|Gewestelijk kantoor Antwerpen
p|Paleisstraat 39, 2018 Antwerpen
sp|40
pi|1250|Mevrouw Sarah Willems
pi|1250|Lange Kievitstraat 77 bus 3
pi|1250|2018 Antwerpen
sp|50
hc|ATTEST WERKLOOSHEIDSUITKERINGEN
c|Overzicht van de betaalde uitkeringen
sp|40
p|De Hulpkas voor Werkloosheidsuitkeringen bevestigt dat
p|mevrouw Sarah Willems, INSZ $(spaced ${NN[sarah]}),
p|volledig werkloos is sinds 1 april 2026 en werkloosheidsuitkeringen
p|ontvangt als samenwonende.
sp|30
rowb|0:Maand|560:Vergoede dagen|1200:Dagbedrag|r:Bruto bedrag
hr
row|0:Juni 2026|560:26|1200:62,14|r:1.615,64
row|0:Juli 2026|560:27|1200:62,14|r:1.677,78
row|0:Augustus 2026|560:26|1200:62,14|r:1.615,64
row|0:September 2026|560:26|1200:62,14|r:1.615,64
hr
lr|Totaal bruto|6.524,70 EUR
lr|Bedrijfsvoorheffing 10,09 %|-658,34 EUR
lrb|Totaal netto uitbetaald|5.866,36 EUR
sp|40
p|De uitkeringen worden maandelijks betaald op rekening
p|${IBG[sarah]}.
p|Dit attest wordt afgeleverd om voor te leggen aan het OCMW Antwerpen.
sp|40
p|Antwerpen, 5 oktober 2026
sp|30
p|Namens de directeur,
sig|0
p|De dossierbeheerder
EOF
finish $d 1 bilevel $S
out_png_bilevel $d "$F"
truth $d "$F" 1 unemployment_certificate HH-2026-0005 nld $S "${NN[sarah]}" "" "${IB[sarah]}"
phrase $d "$F" 1 "volledig werkloos" "Vergoede dagen" "Totaal netto uitbetaald" "als samenwonende"

# ---- accueil/0011 unemployment_certificate (LZW grey TIFF), fra, HH-2026-0001
d=0011 F=accueil/scan_${BATCH}_0011.tif S=0
render $d 1 Nimbus-Roman-Regular Nimbus-Roman-Bold <<EOF
sz|125
b|CAPAC
p|Caisse auxiliaire de paiement des allocations de chômage
p|Bureau de Bruxelles - Rue de Brabant 62, 1210 Saint-Josse-ten-Noode
sp|40
pi|1250|Monsieur Marc Dubois
pi|1250|Rue de la Victoire 112
pi|1250|1060 Saint-Gilles
sp|50
hs|155
hc|ATTESTATION D'ALLOCATIONS DE CHÔMAGE
sp|40
p|La CAPAC atteste que Monsieur Marc Dubois,
p|numéro de registre national ${NN[marc]},
p|bénéficie d'allocations de chômage en qualité de travailleur ayant
p|charge de famille depuis le 1er juin 2026.
sp|30
rowb|0:Mois|480:Jours indemnisés|1100:Montant journalier|r:Montant brut
hr
row|0:Juillet 2026|480:27|1100:71,59|r:1.932,93
row|0:Août 2026|480:26|1100:71,59|r:1.861,34
row|0:Septembre 2026|480:26|1100:71,59|r:1.861,34
row|0:Octobre 2026|480:27|1100:71,59|r:1.932,93
hr
lrb|Total brut|7.588,54 EUR
lr|Précompte professionnel|néant
sp|40
p|Les allocations sont versées mensuellement sur le compte
p|${IBG[marc]} de l'intéressé.
p|Cette attestation est délivrée pour servir auprès du CPAS de Saint-Gilles.
sp|40
p|Bruxelles, le 6 novembre 2026
sp|30
p|Le chef de bureau,
sig|0
EOF
finish $d 1 grey $S blur
out_tif_lzw $d "$F"
truth $d "$F" 1 unemployment_certificate HH-2026-0001 fra $S "${NN[marc]}" "" "${IB[marc]}"
phrase $d "$F" 1 "allocations de chômage" "charge de famille" "Jours indemnisés" "Précompte professionnel"

# ---- 0012 other (advertisement, grey JPEG), fra, no number -> review --------
d=0012 F=scan_${BATCH}_0012.jpg S=0
render $d 1 URW-Bookman-Light URW-Bookman-Demi <<EOF
sz|125
sp|60
hs|260
hc|MEUBLES DELCOURT
c|Votre intérieur à petit prix depuis 1978
sp|120
hs|190
hc|GRANDE BRADERIE D'AUTOMNE
c|du 14 au 30 novembre 2026
sp|100
p|Chère cliente, cher client,
sp|20
p|Profitez de nos prix exceptionnels sur toute la gamme de
p|salons, de literie et de cuisines équipées. Livraison gratuite
p|dans un rayon de trente kilomètres autour de nos magasins
p|de Liège et de Namur.
sp|60
row|0:Canapé trois places en tissu gris|r:€ 399,00
row|0:Matelas à ressorts ensachés|r:€ 249,00
row|0:Table de salle à manger en chêne|r:€ 529,00
row|0:Armoire deux portes coulissantes|r:€ 315,00
sp|60
p|Sur présentation de ce bon, recevez une remise supplémentaire
p|de dix pour cent sur l'ensemble de vos achats.
p|Paiement en plusieurs fois sans frais possible.
sp|120
c|Meubles Delcourt SA - Quai de Rome 25, 4000 Liège
c|Ouvert du lundi au samedi de 10 h à 18 h 30
EOF
finish $d 1 grey $S blur noise=12
out_jpg $d "$F"
truth $d "$F" 1 other review fra $S "" "" ""
phrase $d "$F" 1 "petit prix" "Livraison gratuite" "remise supplémentaire" "sans frais possible"

# ---- 0013 payslip with a mistyped national number -> review, fra ------------
d=0013 F=scan_${BATCH}_0013.png S=-1.0
render $d 1 Nimbus-Sans-Regular Nimbus-Sans-Bold <<EOF
sz|115
b|Maison Verhaegen SRL
p|Boulangerie - Pâtisserie
p|Chaussée de Waterloo 412, 1060 Saint-Gilles
p|Numéro d'entreprise BE 0845.331.207 - Commission paritaire 118.03
sp|40
pi|1250|Madame Sophie Lambert
pi|1250|Rue de la Victoire 112
pi|1250|1060 Saint-Gilles
sp|50
hc|FICHE DE PAIE
c|Période du 01/10/2026 au 31/10/2026
sp|30
lr|Travailleuse|Sophie Lambert
lr|Numéro de registre national|$(dots $BAD_sophie)
lr|Fonction|Vendeuse
lr|Régime de travail|temps partiel, 30 heures par semaine
lr|Date d'entrée|15/02/2024
hr
c3b|Description|Base|Montant
c3|Salaire brut mensuel||2.080,00
c3|Cotisation ONSS 13,07 %|2.080,00|-271,86
c3|Bonus à l'emploi||+112,40
c3|Salaire imposable||1.920,54
c3|Précompte professionnel||-168,35
c3|Cotisation spéciale sécurité sociale||-9,30
hr
lrb|Salaire net|1.742,89 EUR
sp|40
p|Le salaire net est versé le 31 octobre 2026 sur le compte
p|${IBG[sophie]}.
p|Jours de vacances restants : 6. Chèques-repas : 22 x 8,00 EUR.
p|Conservez cette fiche de paie sans limitation de durée.
sp|50
p|Secrétariat social Sodexa asbl, Bruxelles
EOF
finish $d 1 bilevel $S
out_png_bilevel $d "$F"
truth $d "$F" 1 payslip review fra $S "" "$BAD_sophie" "${IB[sophie]}"
phrase $d "$F" 1 "Salaire brut mensuel" "temps partiel" "Jours de vacances" "Salaire imposable"

# ---- 0014 lease, nld, co-tenants from two households -> review -------------
d=0014 F=scan_${BATCH}_0014.png S=-3.5
render $d 1 DejaVu-Serif DejaVu-Serif-Bold <<EOF
sz|110
hs|160
hc|HUUROVEREENKOMST
c|Woninghuur - hoofdverblijfplaats (Vlaams Woninghuurdecreet)
sp|40
b|Tussen de ondergetekenden
p|De verhuurder: Bart Verstraete, Coupure Links 233, 9000 Gent,
p|hierna genoemd de verhuurder,
p|en de huurders:
p|1. Lotte Peeters, rijksregisternummer $(dots ${NN[lotte]})
p|2. Bao Nguyễn, rijksregisternummer ${NN[bao]}
p|hierna samen genoemd de huurders, die hoofdelijk gehouden zijn,
p|wordt het volgende overeengekomen.
sp|20
b|Artikel 1 - Gehuurd goed
p|De verhuurder verhuurt aan de huurders een appartement met twee
p|slaapkamers, gelegen Sint-Pietersnieuwstraat 120 bus 4, 9000 Gent.
sp|20
b|Artikel 2 - Duur
p|De huur wordt gesloten voor drie jaar, ingaand op 1 december 2026
p|en eindigend op 30 november 2029.
sp|20
b|Artikel 3 - Huurprijs
p|De maandelijkse huurprijs bedraagt 890,00 EUR, te betalen vóór de
p|vijfde van elke maand op rekening ${IBG[verstraete]}.
p|De huurprijs wordt jaarlijks geïndexeerd.
sp|20
b|Artikel 4 - Kosten en lasten
p|De huurders betalen een maandelijks voorschot van 60,00 EUR voor de
p|gemeenschappelijke kosten. De afrekening gebeurt jaarlijks.
sp|20
b|Artikel 5 - Huurwaarborg
p|De huurwaarborg bedraagt 1.780,00 EUR, gelijk aan twee maanden huur,
p|en wordt gestort op een geblokkeerde rekening op naam van de huurders.
sp|20
b|Artikel 6 - Plaatsbeschrijving
p|Bij de aanvang van de huur wordt een omstandige plaatsbeschrijving
p|opgemaakt op gezamenlijke kosten van de partijen.
sp|30
p|Opgemaakt te Gent op 14 november 2026 in drie exemplaren.
sp|30
row|0:De verhuurder|1150:De huurders
sig|0
sp|-190
sig|1150
EOF
finish $d 1 grey $S blur
out_png $d "$F"
truth $d "$F" 1 lease review nld $S "${NN[lotte]} ${NN[bao]}" "" "${IB[verstraete]}"
phrase $d "$F" 1 "maandelijkse huurprijs" "twee maanden huur" "omstandige plaatsbeschrijving" "gemeenschappelijke kosten"

# ---- 0015 payslip, eng, HH-2026-0003 (Fatima Benali) -----------------------
d=0015 F=scan_${BATCH}_0015.png S=0
render $d 1 DejaVu-Sans DejaVu-Sans-Bold <<EOF
sz|110
b|Eurolingua Translation Services SA
p|Avenue Louise 326, 1050 Brussels
p|Company number BE 0712.884.140
sp|40
pi|1250|Ms Fatima Benali
pi|1250|Chaussée de Gand 210
pi|1250|1080 Molenbeek-Saint-Jean
sp|50
hc|PAYSLIP
c|Pay period: 1 - 31 October 2026
sp|30
lr|Employee|Fatima Benali
lr|National number|$(dots ${NN[fatima]})
lr|Position|Administrative assistant
lr|Working time|Part-time, 24 hours per week
lr|Payment date|30/10/2026
hr
c3b|Description|Units|Amount
c3|Gross salary||1.968,40
c3|Social security 13,07 %||-257,27
c3|Taxable income||1.711,13
c3|Withholding tax||-98,52
c3|Meal vouchers employee share|16 days|-17,44
hr
lrb|Net pay|1.595,17 EUR
sp|40
p|Your net pay has been transferred to account
p|${IBG[fatima]} on 30 October 2026.
p|Holiday pay and the end of year bonus are paid separately.
p|Please keep this payslip for your records.
sp|50
p|Payroll office, Eurolingua Translation Services SA
EOF
finish $d 1 bilevel $S
out_png_bilevel $d "$F"
truth $d "$F" 1 payslip HH-2026-0003 eng $S "${NN[fatima]}" "" "${IB[fatima]}"
phrase $d "$F" 1 "Gross salary" "Withholding tax" "keep this payslip" "Administrative assistant"

# ---- 0016 income_certificate, nld, HH-2026-0002 (Griet Van den Broeck) -----
d=0016 F=scan_${BATCH}_0016.png S=-1.5
render $d 1 Nimbus-Roman-Regular Nimbus-Roman-Bold <<EOF
sz|125
b|OCMW Gent
p|Sociale Dienst - Team Leefloon
p|Onderwijsstraat 1, 9000 Gent
sp|40
pi|1250|Mevrouw Griet Van den Broeck
pi|1250|Sleepstraat 45
pi|1250|9000 Gent
sp|40
p|Gent, 28 oktober 2026
p|Ons kenmerk: LL/2026/7731
sp|50
hs|165
hc|INKOMENSATTEST
c|Attest van het ontvangen leefloon
sp|40
p|Het Openbaar Centrum voor Maatschappelijk Welzijn van Gent verklaart
p|dat mevrouw Griet Van den Broeck,
p|INSZ: $(dots ${NN[griet]}),
p|wonende te Sleepstraat 45, 9000 Gent,
p|in de periode van 1 januari 2026 tot en met 30 september 2026
p|het volgende inkomen ontving van het OCMW:
sp|30
rowb|0:Soort inkomen|1050:Periode|r:Bedrag
hr
row|0:Leefloon samenwonende|1050:01/2026 - 09/2026|r:8.232,12 EUR
row|0:Aanvullende financiële steun|1050:03/2026|r:250,00 EUR
row|0:Tussenkomst energiekosten|1050:07/2026|r:120,00 EUR
hr
rowb|0:Totaal|r:8.602,12 EUR
sp|40
p|Dit attest wordt afgeleverd op vraag van de betrokkene om te dienen
p|voor de aanvraag van een sociaal tarief voor energie.
sp|40
p|Voor eensluidend verklaard,
sig|0
sp|-190
sig|1150
row|0:De algemeen directeur|1150:De voorzitter
EOF
finish $d 1 bilevel $S speckle=16
out_png_bilevel $d "$F"
truth $d "$F" 1 income_certificate HH-2026-0002 nld $S "${NN[griet]}" "" ""
phrase $d "$F" 1 "ontvangen leefloon" "Aanvullende financiële steun" "Tussenkomst energiekosten" "sociaal tarief voor energie"

# ---- 0017 social_aid_decision, nld, HH-2026-0007 (Pieter De Smet) ----------
d=0017 F=scan_${BATCH}_0017.png S=0
render $d 1 P052-Roman P052-Bold <<EOF
sz|115
b|OCMW Gent
p|Bijzonder Comité voor de Sociale Dienst
p|Onderwijsstraat 1, 9000 Gent
sp|40
pi|1250|De heer Pieter De Smet
pi|1250|Brugsesteenweg 182
pi|1250|9000 Gent
sp|40
p|Gent, 20 oktober 2026
p|Dossiernummer: SD/2026/05219
sp|50
hs|145
hc|BESLISSING VAN HET BIJZONDER COMITÉ
hc|VOOR DE SOCIALE DIENST
c|Zitting van 15 oktober 2026
sp|40
p|Geachte heer,
p|Het Bijzonder Comité voor de Sociale Dienst heeft in zijn zitting van
p|15 oktober 2026 uw aanvraag van 23 september 2026 onderzocht.
sp|20
b|Betreft: Pieter De Smet, INSZ $(spaced ${NN[pieter]})
sp|20
b|Beslissing
p|Het Comité kent u het leefloon toe aan het tarief alleenstaande,
p|zijnde 1.239,10 EUR per maand, met ingang van 23 september 2026.
p|Het leefloon wordt maandelijks gestort op rekening ${IBG[pieter]}.
sp|20
b|Motivering
p|Uit het sociaal onderzoek blijkt dat u niet over voldoende
p|bestaansmiddelen beschikt en dat u voldoet aan de voorwaarden van de
p|wet van 26 mei 2002 betreffende het recht op maatschappelijke integratie.
sp|20
b|Beroepsmogelijkheid
p|U kunt tegen deze beslissing beroep aantekenen bij de arbeidsrechtbank
p|van Gent binnen drie maanden na de kennisgeving ervan.
sp|30
p|Met vriendelijke groeten,
sig|0
sp|-190
sig|1150
row|0:De algemeen directeur|1150:De voorzitter
EOF
finish $d 1 bilevel $S
out_png_bilevel $d "$F"
truth $d "$F" 1 social_aid_decision HH-2026-0007 nld $S "${NN[pieter]}" "" "${IB[pieter]}"
phrase $d "$F" 1 "sociaal onderzoek" "tarief alleenstaande" "vriendelijke groeten" "beroep aantekenen"

# ===================================================================== output

cp "$WORK/registry.csv" "$HERE/registry.csv"
{
	printf 'file\tpages\tclass\thousehold\tlang\tskew_deg\tnational_ids\tinvalid_ids\tibans\n'
	cat "$WORK/truth"
} >"$HERE/truth.tsv"
{
	printf 'file\tpage\tphrase\n'
	cat "$WORK/phrases"
} >"$HERE/phrases.tsv"

n=$(($(wc -l <"$HERE/truth.tsv") - 1))
p=$(awk -F'\t' 'NR > 1 { s += $2 } END { print s }' "$HERE/truth.tsv")
echo "make-samples: $n documents, $p pages in $INBOX ($(du -sh "$HERE" | cut -f1) in samples/)"
