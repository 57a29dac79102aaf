#!/bin/sh
# check-jobkeys.sh - the table of a job's keys against dossier-spool(5)
#
#   tools/check-jobkeys.sh [manpage]
#
# Works from the top of the tree or from anywhere else: it changes to the
# tree it is part of.  Builds tests/tools/jobkeys.c with
# src/common/jobkey.c (with $CC, else cc) to print the table of
# jobkey.c, and reads MANPAGE (default man/man5/dossier-spool.5):
#
#   - "The meta file": the keys of the ".It Cm key" lines (".It Cm a , b"
#     gives two), each under the ".It Xr dossier-STAGE 1" that writes it;
#     page.K.NAME stands for the table's page.N.NAME;
#   - "The batch file": the keys of the ".Cm key" lines.
#
# Every job key of the table must be in the first list, written by the
# same stage, every batch key in the second, and every key of the page in
# the table.  Prints one line per problem; exits 0 if there is none, 1
# otherwise, 3 if it cannot run.  (In the spirit of Postfix's
# mantools/check-*, as tools/check-man.sh.)

LC_ALL=C
export LC_ALL

man=${1:-man/man5/dossier-spool.5}
case $man in
/*)	;;
*)	[ -f "$man" ] && man=$(cd "$(dirname "$man")" && pwd)/$(basename "$man") ;;
esac
cd "$(dirname "$0")/.." || exit 3
[ -f "$man" ] || { echo "check-jobkeys: cannot open '$man'" >&2; exit 3; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-jobkeys.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT
trap 'exit 3' HUP INT TERM

if ! ${CC:-cc} -std=c11 -D_GNU_SOURCE -Iinclude -o "$tmp/jobkeys" \
    tests/tools/jobkeys.c src/common/jobkey.c -lm >"$tmp/cc.out" 2>&1; then
	echo "check-jobkeys: cannot build tests/tools/jobkeys.c:" >&2
	cat "$tmp/cc.out" >&2
	exit 3
fi
"$tmp/jobkeys" >"$tmp/table" || exit 3

# the table: "key stage" of job keys, "key" of batch keys
awk -F'\t' '$6 ~ /job/ { print $1, $4 }' "$tmp/table" | sort >"$tmp/t.job"
awk -F'\t' '$6 ~ /batch/ { print $1 }' "$tmp/table" | sort >"$tmp/t.batch"

# the page: the same two lists
awk '
/^\.Ss / {
	sect = $0
	sub(/^\.Ss /, "", sect)
	next
}
sect == "The meta file" && /^\.It Xr dossier-[a-z]+ 1/ {
	stage = $3
	sub(/^dossier-/, "", stage)
	next
}
sect == "The meta file" && /^\.It Cm / {
	for (i = 3; i <= NF; i++) {
		if ($i == ",")
			continue
		if ($i ~ /^[A-Z]/)
			break	# a macro: Pq, Ns...
		k = $i
		sub(/^page\.K\./, "page.N.", k)
		print k, stage > "/dev/stdout"
	}
	next
}
sect == "The batch file" && /^\.Cm / {
	print $2 > "/dev/stderr"
}
' "$man" 2>"$tmp/m.batch.raw" | sort >"$tmp/m.job"
sort "$tmp/m.batch.raw" >"$tmp/m.batch"

problems=0
problem() {
	echo "$*"
	problems=$((problems + 1))
}

# keys of one list only; a key in both with another stage shows twice
cut -d' ' -f1 "$tmp/t.job" | sort -u >"$tmp/t.jobkeys"
cut -d' ' -f1 "$tmp/m.job" | sort -u >"$tmp/m.jobkeys"
for k in $(comm -23 "$tmp/t.jobkeys" "$tmp/m.jobkeys"); do
	problem "$k: in jobkey.c, not in the meta file keys of $man"
done
for k in $(comm -13 "$tmp/t.jobkeys" "$tmp/m.jobkeys"); do
	problem "$k: in the meta file keys of $man, not a job key of jobkey.c"
done
comm -12 "$tmp/t.jobkeys" "$tmp/m.jobkeys" >"$tmp/both"
while read -r k; do
	ts=$(awk -v k="$k" '$1 == k { print $2 }' "$tmp/t.job")
	ms=$(awk -v k="$k" '$1 == k { print $2 }' "$tmp/m.job" | sort -u |
	    tr '\n' ' ' | sed 's/ $//')
	[ "$ts" = "$ms" ] ||
		problem "$k: written by $ts in jobkey.c, listed under ${ms:-no stage} in $man"
done <"$tmp/both"
for k in $(comm -23 "$tmp/t.batch" "$tmp/m.batch"); do
	problem "$k: a batch key in jobkey.c, not in the batch file keys of $man"
done
for k in $(comm -13 "$tmp/t.batch" "$tmp/m.batch"); do
	problem "$k: in the batch file keys of $man, not a batch key of jobkey.c"
done
[ "$problems" -eq 0 ]
