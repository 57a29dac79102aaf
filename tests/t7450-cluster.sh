#!/bin/bash
# t7450-cluster: dossier-cluster spreads deskew and OCR over two worker
# "hosts" (sshd on the loopback address, GNU parallel --sshlogin) on a shared
# spool; a run killed mid-batch, worker processes and all, is rerun with
# nothing lost or doubled: the claims of the dead workers are recovered
. "$(dirname "$0")/lib.sh"

sshd=$(command -v sshd || echo /usr/sbin/sshd)
if ! command -v parallel >/dev/null || [ ! -x "$sshd" ] ||
    ! command -v ssh >/dev/null; then
	test_skip 'GNU parallel or openssh-server is not installed'
	test_done
fi
# sshd wants its privilege separation directory
if [ ! -d /run/sshd ] && ! mkdir -p /run/sshd 2>/dev/null; then
	test_skip 'no /run/sshd for sshd'
	test_done
fi

# sshd on the loopback address, on a port of our own, keys in the trash
mkdir ssh
ssh-keygen -q -t ed25519 -N '' -f ssh/host_key
ssh-keygen -q -t ed25519 -N '' -f ssh/id_key
cp ssh/id_key.pub ssh/authorized_keys
port=$((20000 + $$ % 20000))
cat >ssh/sshd_config <<EOF
Port $port
ListenAddress 127.0.0.1
HostKey $TRASH/ssh/host_key
AuthorizedKeysFile $TRASH/ssh/authorized_keys
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UsePAM no
PidFile none
EOF
# two worker "hosts", both this machine
cat >ssh/config <<EOF
Host worker1 worker2
	HostName 127.0.0.1
	Port $port
	User $(id -un)
	IdentityFile $TRASH/ssh/id_key
	StrictHostKeyChecking no
	UserKnownHostsFile /dev/null
	LogLevel ERROR
	BatchMode yes
EOF
printf 'worker1\nworker2\n' >hosts
"$sshd" -D -f "$TRASH/ssh/sshd_config" -E "$TRASH/ssh/log" &
sshd_pid=$!
trap 'kill $sshd_pid 2>/dev/null' EXIT
export PARALLEL_SSH="ssh -F $TRASH/ssh/config"
export PARALLEL_HOME="$TRASH/parallel"
n=0
until ssh -F ssh/config worker1 true 2>/dev/null; do
	sleep 0.2; n=$((n + 1))
	[ $n -lt 300 ] || { test_skip 'sshd did not start'; test_done; }
done

cp -r "$SAMPLES/inbox" inbox
ndocs=$(($(wc -l <"$SAMPLES/truth.tsv") - 1))
npages=$(awk -F"\t" "NR > 1 { n += \$2 } END { print n }" "$SAMPLES/truth.tsv")
lock=$DOSSIER_SPOOL/nightly.lock

# kill_hosts - kill -9 what runs on the "hosts" for us: every live worker
# of deskew and OCR (its dir is locked; it is named by a job id, whose
# second field is the worker's pid), its stage process and the shell that
# ssh started for it, as a host that dies takes them all; until none is left
kill_hosts() {
	local d pid ppid sh pass live
	for pass in 1 2 3 4 5 6 7 8 9 10; do
		live=0
		for d in "$DOSSIER_SPOOL"/deskew/cur/*/ "$DOSSIER_SPOOL"/ocr/cur/*/; do
			[ -f "$d.lock" ] || continue
			flock -n "$d.lock" true && continue
			live=1
			pid=$(basename "$d" | cut -d- -f2)
			ppid=$(ps -o ppid= -p "$pid" | tr -d " ")
			sh=
			[ -n "$ppid" ] && sh=$(ps -o ppid= -p "$ppid" | tr -d " ")
			case $(ps -o comm= -p "${sh:-0}" 2>/dev/null) in
			bash | sh | dash) ;;
			*) sh= ;;
			esac
			kill -9 $sh $ppid "$pid" 2>/dev/null
		done
		[ $live = 0 ] && [ $pass -gt 2 ] && return 0
		sleep 0.5
	done
}

test_expect_code 2 'dossier-cluster without -H is a usage error' 'dossier-cluster -w 0 inbox'

test_expect_success 'a cluster run, killed while the hosts OCR the batch' '
	dossier-registry "$SAMPLES/registry.csv" >/dev/null &&
	# job control: the run and all it starts in a process group of its own
	set -m &&
	{ dossier-cluster -H hosts -j 1 -w 0 -b c1 inbox >r1 2>e1 & } &&
	run=$! &&
	set +m &&
	n=0 && until [ -n "$(ls "$DOSSIER_SPOOL"/ocr/cur/*/ 2>/dev/null | grep -v "^$")" ] &&
	    [ "$(jobs_in ocr/new)" -gt 0 ]; do
		sleep 0.2; n=$((n + 1)); test $n -lt 3000 || exit 1
	done &&
	kill -9 -- -$run &&
	kill_hosts;
	wait $run;
	# the hosts held the run lock through their ssh sessions: wait for it
	flock "$lock" true &&
	ls "$DOSSIER_SPOOL"/ocr/cur/*/ | grep -q . &&
	test -z "$(sql "SELECT finished_at FROM batch WHERE id = '"'c1'"'" 2>/dev/null)"
'

test_expect_success 'both hosts took part' '
	test $(grep -c "Accepted publickey" ssh/log) -ge 3
'

test_expect_success 'the rerun recovers the dead workers'"'"' claims and finishes the batch' '
	dossier-cluster -H hosts -j 1 -w 0 -b c2 inbox >r2 2>e2 ||
	{ cat e2 r2; exit 1; } &&
	cat r2 &&
	grep -q "warning: recovered [0-9]* jobs\{0,1\} left by a dead worker" e2 &&
	dossier-spool count | awk -F"\t" "\$2 != 0 { bad = 1 } END { exit bad }"
'

test_expect_success 'nothing lost: every document of the samples is archived, once' '
	test "$(sql "SELECT count(*) FROM document")" = '"$ndocs"' &&
	test "$(sql "SELECT count(DISTINCT source_file) FROM document")" = '"$ndocs"' &&
	test "$(sql "SELECT count(*) FROM page")" = '"$npages"'
'

test_expect_success 'nothing doubled: batch c1 balances, and c2 took only duplicates' '
	dossier-report c1 >rc1 &&
	grep -q "^reconciliation: .*: OK ('"$npages"' = " rc1 &&
	grep -qx "finished: [0-9T:-]*Z" rc1 &&
	grep -q "^reconciliation: .*: OK (0 = 0 + 0 + 0 + 0)" r2 &&
	test "$(sql "SELECT count(*) FROM document WHERE batch_id = '"'c2'"'")" = 0
'

test_expect_success 'the inputs left the inbox once their documents were committed' '
	test -z "$(find inbox -type f)" &&
	test $(find "done/$(date -u +%Y-%m-%d)" -type f | wc -l) = '"$ndocs"'
'

test_done
