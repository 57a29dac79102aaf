#!/bin/bash
# tests/chainlint/broken.sh - what tools/chainlint must find (never run)
#
# Every line that ends with the comment "# BROKEN" must be reported, and
# no other line: run-all.sh compares the two lists.

test_expect_success 'a plain broken chain' '
	echo one # BROKEN
	echo two
'

test_expect_success 'a semicolon is no &&' '
	echo one; echo two # BROKEN
'

test_expect_code 1 'in a test_expect_code body too' '
	mkdir a &&
	cd a # BROKEN
	ls
'

test_expect_success 'inside a subshell' '
	(
		cd a && # fine: a comment after &&
		echo x # BROKEN
		echo y
	) &&
	echo z
'

test_expect_success 'after a here-doc' '
	cat >expect <<-\EOF # BROKEN
	echo not a command && here
	EOF
	cat expect
'

test_expect_success 'inside if, then and else' '
	if true
	then
		echo a # BROKEN
		echo b
	else
		echo c # BROKEN
		echo d
	fi
'

test_expect_success 'inside a case arm' '
	case x in
	x)
		echo a # BROKEN
		echo b
		;;
	esac
'

test_expect_success 'inside a loop body, and a loop that goes on' '
	for i in 1 2; do # BROKEN
		echo $i # BROKEN
		test -f $i
	done &&
	while read -r l; do # BROKEN
		test -n "$l"
	done <file
'

test_expect_success 'after a compound command and a group' '
	{ echo a && echo b; } >f # BROKEN
	while false; do sleep 1; done # BROKEN
	echo c
'

test_expect_success 'a command substitution over two lines' '
	x=$(echo a |
	    tr a b) # BROKEN
	test "$x" = b
'

test_expect_success 'an assignment with a command substitution can fail' '
	x=$(cat missing) # BROKEN
	y=1
	test -n "$x"
'

test_expect_success "concatenated bodies keep their lines" '
	n=$(echo '"$undefined_in_this_sample"') # BROKEN
	test -n "$n"
'
