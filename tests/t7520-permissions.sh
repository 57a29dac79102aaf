#!/bin/bash
# t7520-permissions: the spool holds personal data: a stage makes it
# owner-only when it may, and refuses it when others may use it and it
# cannot; a tagset that group or others may write is refused
. "$(dirname "$0")/lib.sh"

test_expect_success 'a stage makes a spool open to others owner-only' '
	mkdir -p spool && chmod 0777 spool &&
	dossier-deskew && mkdir -p spool/ocr/new && chmod 0775 spool/ocr/new &&
	dossier-deskew &&
	test "$(stat -c %a spool)" = 700 &&
	test "$(stat -c %a spool/ocr/new)" = 700 &&
	test "$(stat -c %a spool/deskew/new)" = 700
'

if [ "$(id -u)" = 0 ]; then
	test_expect_code 3 'a spool of another user open to others is refused' '
		mkdir -p other && chmod 0777 other && chown 65534 other &&
		dossier-deskew -s other 2>err; rc=$?
		cat err && grep "belongs to uid 65534.*refusing" err && exit $rc
	'
	test_expect_code 3 '... and so is a directory of it' '
		mkdir -p other2 && dossier-deskew -s other2 &&
		chmod 0777 other2/ocr/new && chown 65534 other2/ocr/new &&
		dossier-deskew -s other2 2>err; rc=$?
		cat err && grep "other2/ocr/new.*open to others.*refusing" err &&
		exit $rc
	'
else
	test_skip 'not root: cannot give a spool to another user'
	test_skip 'not root: cannot give a spool to another user'
fi

test_expect_code 3 'a tagset that group or others may write is refused' '
	cp "$TAGSET" my.tagset && chmod 0664 my.tagset &&
	text_job classify J-1 "" /dev/null &&
	dossier-classify -t my.tagset 2>err; rc=$?
	cat err && grep "my.tagset:0:0: tagset is writable by group or others" err &&
	test -d spool/classify/new/J-1 && exit $rc
'

test_expect_success '... and taken once it is not' '
	chmod 0644 my.tagset && dossier-classify -t my.tagset >/dev/null &&
	test -d spool/tag/new/J-1
'

test_done
