#!/bin/bash
# t9000-install: make install honours PREFIX and DESTDIR; what it installs runs
. "$(dirname "$0")/lib.sh"

test_expect_success 'make install puts programs, pages and the tagset under DESTDIR' '
	make -C "$SRCDIR" -s install PREFIX=/opt/dossier DESTDIR="$TRASH/root" >/dev/null &&
	for p in ingest deskew ocr classify tag load spool nightly; do
		test -x root/opt/dossier/bin/dossier-$p || exit 1
		test -f root/opt/dossier/share/man/man1/dossier-$p.1 || exit 1
	done &&
	test -f root/opt/dossier/share/man/man5/dossier-spool.5 &&
	test -f root/opt/dossier/share/man/man5/dossier-archive.5 &&
	test -f root/opt/dossier/share/man/man5/dossier-tagset.5 &&
	test -f root/opt/dossier/share/man/man7/dossier.7 &&
	test -f root/opt/dossier/share/dossier/tagsets/default.tagset
'

test_expect_code 2 'the installed nightly finds its stages and answers -h' '
	root/opt/dossier/bin/dossier-nightly -h
'

test_expect_success 'every installed program prints its version' '
	for p in ingest deskew ocr classify tag load spool; do
		root/opt/dossier/bin/dossier-$p --version | grep -q "dossier" || exit 1
	done
'

test_done
