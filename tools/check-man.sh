#!/bin/sh
# check-man.sh - every program's usage() against its man page's SYNOPSIS
#
#   tools/check-man.sh [bindir]
#
# Works from the top of the tree (tests/run-all.sh runs it there) or from
# anywhere else: it changes to the tree it is part of.  For every built
# program BINDIR/dossier-* (BINDIR: the argument, else $DOSSIER_BIN, else
# bin) and for pipelines/nightly (installed as dossier-nightly), runs
# "PROG -h", which must print its usage on standard error and exit with
# status 2, and checks that every option in the usage text (-x letters and
# --long options) is in the SYNOPSIS of man/man1/PROG.1, and every option
# of that SYNOPSIS is in the usage text.  Also reports programs without a
# man page and section 1 pages without a program.  Prints one line per
# problem; exits 0 if there is none, 1 otherwise.  (STYLE 2.9; in the
# spirit of Postfix's mantools/check-*.)
#
# The SYNOPSIS options are read from the mdoc macros "Fl x", "Fl xyz"
# (letters x, y, z) and "Fl -long", wherever they are on a macro line of
# the section (".Op Fl a Ar archive", ".Oo Fl o Ar dir Oc", ...).

LC_ALL=C
export LC_ALL

bindir=${1:-${DOSSIER_BIN:-bin}}
# a bindir given relative to where we were called from, then the tree
case $bindir in
/*)	;;
*)	[ -d "$bindir" ] && bindir=$(cd "$bindir" && pwd) ;;
esac
cd "$(dirname "$0")/.." || exit 3
mandir=man/man1
problems=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-man.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT
trap 'exit 3' HUP INT TERM

problem() {
	echo "$*"
	problems=$((problems + 1))
}

# usage_opts FILE - the options of the usage text in FILE, one per line:
# "-x" for every letter of a short option word, "--name" for long ones
usage_opts() {
	awk '
	/^usage:/ { on = 1 }
	!on { next }
	{
		for (i = 1; i <= NF; i++) {
			w = $i
			gsub(/[][|(){},]/, " ", w)
			n = split(w, part, " ")
			for (j = 1; j <= n; j++) {
				t = part[j]
				sub(/=.*/, "", t)
				if (t ~ /^--[A-Za-z0-9][-A-Za-z0-9]*$/)
					print t
				else if (t ~ /^-[A-Za-z0-9]+$/)
					for (k = 2; k <= length(t); k++)
						print "-" substr(t, k, 1)
			}
		}
	}' "$1" | sort -u
}

# synopsis_opts FILE - the options of the mdoc SYNOPSIS of FILE, same form
synopsis_opts() {
	awk '
	/^\.Sh[ \t]/ { on = ($2 == "SYNOPSIS"); next }
	!on || !/^\./ { next }
	{
		for (i = 1; i < NF; i++) {
			if ($i != "Fl" && $i != ".Fl")
				continue
			t = $(i + 1)
			sub(/[,|;:)\]]+$/, "", t)
			if (t ~ /^-[A-Za-z0-9][-A-Za-z0-9]*$/)
				print "-" t
			else if (t ~ /^[A-Za-z0-9]+$/ && t !~ /^[A-Z][a-z]$/)
				for (k = 1; k <= length(t); k++)
					print "-" substr(t, k, 1)
		}
	}' "$1" | sort -u
}

# check NAME PROG - run PROG -h and compare with man/man1/NAME.1
check() {
	name=$1
	case $2 in
	/*)	prog=$2 ;;
	*)	prog=$PWD/$2 ;;
	esac
	page=$mandir/$name.1
	if [ ! -f "$page" ]; then
		problem "$name: no man page $page"
		return
	fi
	if ! grep -q '^\.Sh[ 	][ 	]*SYNOPSIS' "$page"; then
		problem "$page: no mdoc SYNOPSIS section (.Sh SYNOPSIS)"
		return
	fi
	# in an empty directory, with a spool and an archive there: a
	# program that does not know -h must not touch anything real
	(
		cd "$tmp/run" &&
		DOSSIER_SPOOL=$tmp/run/spool DOSSIER_ARCHIVE=$tmp/run/a.db \
		    "$prog" -h </dev/null >"$tmp/out" 2>"$tmp/err"
	)
	rc=$?
	if [ "$rc" -ne 2 ]; then
		problem "$name: '-h' exited with status $rc, not 2"
	fi
	if ! grep -q '^usage:' "$tmp/err"; then
		if grep -q '^usage:' "$tmp/out"; then
			problem "$name: '-h' printed the usage on stdout, not stderr"
			cp "$tmp/out" "$tmp/err"
		else
			problem "$name: '-h' printed no 'usage:' line on stderr"
			return
		fi
	fi
	usage_opts "$tmp/err" >"$tmp/u"
	synopsis_opts "$page" >"$tmp/s"
	comm -23 "$tmp/u" "$tmp/s" | while read -r o; do
		echo "$name: option $o is in the usage but not in the SYNOPSIS of $page"
	done >"$tmp/p"
	comm -13 "$tmp/u" "$tmp/s" | while read -r o; do
		echo "$name: option $o is in the SYNOPSIS of $page but not in the usage"
	done >>"$tmp/p"
	while read -r line; do
		problem "$line"
	done <"$tmp/p"
}

mkdir "$tmp/run" || exit 3
if [ ! -d "$bindir" ]; then
	problem "$bindir: no such directory (build first: make)"
fi
for prog in "$bindir"/dossier-*; do
	if [ ! -f "$prog" ] || [ ! -x "$prog" ]; then
		continue
	fi
	check "$(basename "$prog")" "$prog"
done
if [ -f pipelines/nightly ]; then
	check dossier-nightly pipelines/nightly
fi

# pages of programs that do not exist
for page in "$mandir"/dossier-*.1; do
	[ -f "$page" ] || continue
	name=$(basename "$page" .1)
	[ -x "$bindir/$name" ] && continue
	[ "$name" = dossier-nightly ] && [ -f pipelines/nightly ] && continue
	problem "$page: no program $bindir/$name"
done

[ "$problems" -eq 0 ]
