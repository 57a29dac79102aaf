#!/bin/bash
# tests/chainlint/good.sh - what tools/chainlint must accept (never run)

test_expect_success 'chains, pipes, continuations and comments' '
	# a comment first
	echo a |
	tr a b >out &&
	grep -q b out ||
	false &&
	echo "a; b
	c" \
	    >out2 &&
	test -s out2 # the last command needs no &&
'

test_expect_success 'here-docs, quoted and with a dash' '
	cat >expect <<-\EOF &&
	line one
	line two; and three
	EOF
	cat <<EOF >expect2 &&
a line
EOF
	cat expect expect2 <<<"a here-string"
'

test_expect_success 'compound commands' '
	if test -f a; then echo a; elif test -f b; then echo b; else echo c; fi &&
	for i in 1 2; do echo $i || return 1; done &&
	while read -r x; do test -n "$x" || exit 1; done <expect &&
	until true; do sleep 0.1; done &&
	case $x in
	a|b) echo ab ;;
	(c) echo c && echo cc
		;;
	*) echo other ;;
	esac &&
	{ echo a && echo b; } >out &&
	(cd / && pwd) &&
	x=$(for i in 1 2; do echo $i; done) &&
	{ sleep 1 & pid=$!; } &&
	kill $pid
'

test_expect_success 'exit, return and $? excuse what is before them' '
	dossier-ingest x 2>err; rc=$?; test $rc = 1 &&
	{ echo oops; exit 1; } &&
	for f in a b; do
		test -f $f || { echo "$f missing"; return 1; }
	done &&
	fail=0 &&
	while read -r a; do
		test -n "$a" || fail=1
	done <expect &&
	test $fail = 0
'

test_expect_code 3 'a test_expect_code body' '
	cmd 2>err
	rc=$?
	grep -q x err && exit $rc
'

f() {
	echo "functions of the script are not test bodies"
	echo ok
}
