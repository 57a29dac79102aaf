#!/bin/bash
# t7440-scheduling: make install puts the systemd service and timer, the
# cron line, the logrotate file and the settings where dossier(7) says,
# naming the installed dossier-nightly; each is valid for its tool; the
# cron line runs the installed nightly; its log can be rotated
. "$(dirname "$0")/lib.sh"

bin=${DOSSIER_BIN#"$SRCDIR"/}
case $bin in
bin) build=build ;;
*) build=$(dirname "$bin") ;;
esac
units=root/opt/dossier/lib/systemd/system
contrib=root/opt/dossier/share/dossier/contrib

test_expect_success 'make install puts the units and the contrib files in their places' '
	make -C "$SRCDIR" -s install BUILD="$build" BIN="$bin" \
	    PREFIX=/opt/dossier DESTDIR="$TRASH/root" >/dev/null &&
	test -f $units/dossier-nightly.service &&
	test -f $units/dossier-nightly.timer &&
	test -f $contrib/dossier-nightly.cron &&
	test -f $contrib/dossier.logrotate &&
	test -f $contrib/nightly.conf &&
	! grep -q @BINDIR@ $units/* $contrib/*
'

test_expect_success 'the service runs the installed dossier-nightly, as dossier, and takes 1 as a success' '
	grep -qx "ExecStart=/bin/sh -c '"'"'exec /opt/dossier/bin/dossier-nightly \$NIGHTLY_OPTIONS \"\$DOSSIER_INBOX\"'"'"'" $units/dossier-nightly.service &&
	grep -qx "User=dossier" $units/dossier-nightly.service &&
	grep -qx "SuccessExitStatus=1" $units/dossier-nightly.service &&
	grep -qx "StandardOutput=append:/var/log/dossier/nightly.log" $units/dossier-nightly.service &&
	grep -qx "OnCalendar=\*-\*-\* 02:00:00" $units/dossier-nightly.timer
'

if command -v systemd-analyze >/dev/null; then
	test_expect_success 'systemd-analyze finds nothing wrong with the units' '
		systemd-analyze verify --man=no $units/dossier-nightly.service \
		    $units/dossier-nightly.timer >sa 2>&1 || true &&
		cat sa &&
		! grep -v "dossier-nightly(1)\|dossier(7)\|/opt/dossier/bin/dossier-nightly\|Failed to prepare filename\|is not executable" sa | grep -q .
	'
	test_expect_success 'the timer fires every night at two' '
		systemd-analyze calendar "*-*-* 02:00:00" | grep -q "Next elapse: .* 02:00:00"
	'
fi

test_expect_success 'the cron line has five time fields, a user, and runs the installed nightly' '
	line=$(grep -v "^#" $contrib/dossier-nightly.cron | grep -v "^[A-Z]*=" | grep .) &&
	set -f && set -- $line && set +f &&
	test "$1 $2 $3 $4 $5 $6" = "0 2 * * * dossier" &&
	grep -qx "PATH=/opt/dossier/bin:/usr/bin:/bin" $contrib/dossier-nightly.cron
'

test_expect_success 'the cron command, as cron runs it, runs the installed nightly on the inbox' '
	mkdir -p var/log/dossier var/lib inbox &&
	cp "$SAMPLES"/inbox/scan_20261121_0006.png inbox/ &&
	cat >nightly.conf <<-EOF &&
	DOSSIER_SPOOL=$TRASH/var/lib/spool
	DOSSIER_ARCHIVE=$TRASH/var/lib/dossier.db
	DOSSIER_INBOX=$TRASH/inbox
	NIGHTLY_OPTIONS="-w 0 -j 1"
	EOF
	cmd=$(grep -v "^#" $contrib/dossier-nightly.cron | grep -v "^[A-Z]*=" | grep . |
	    cut -d" " -f7- |
	    sed "s|/var/lib/dossier|$TRASH/var/lib|; s|/etc/dossier/nightly.conf|$TRASH/nightly.conf|; s|/var/log/dossier|$TRASH/var/log/dossier|") &&
	env -i HOME="$TRASH" PATH=/opt/dossier/bin:/usr/bin:/bin \
	    DOSSIER_TAGSET="$TAGSET" /bin/sh -c "PATH=$TRASH/root/opt/dossier/bin:\$PATH; $cmd" || true &&
	cat var/log/dossier/nightly.log &&
	grep -qx "exit status: 0" var/log/dossier/nightly.log &&
	test -f "done/$(date -u +%Y-%m-%d)/scan_20261121_0006.png"
'

if command -v logrotate >/dev/null; then
	test_expect_success 'logrotate takes the log file and rotates it' '
		sed "s|/var/log/dossier|$TRASH/var/log/dossier|; /create/d" \
		    $contrib/dossier.logrotate >lr.conf &&
		logrotate -f -s lr.state lr.conf &&
		test -f var/log/dossier/nightly.log.1 &&
		test ! -e var/log/dossier/nightly.log
	'
fi

test_done
