# tests/lib-sshd.sh - sshd on the loopback address, for the tests and the
# benchmark of dossier-cluster: two worker "hosts" that are this machine
#
#   sshd_start DIR    keys, configs and sshd -D in DIR; sets SSHD_PID,
#                     exports PARALLEL_SSH; writes DIR/hosts (worker1,
#                     worker2); returns 1 if sshd cannot run here
#   sshd_stop         kill the sshd we started, by its pid
#   cluster_hosts     for a test (lib.sh): sshd started in ./ssh, stopped
#                     at exit, its hosts file copied to ./hosts; else the
#                     test skipped and done (no GNU parallel, no sshd)
#
# Needs sshd (openssh-server), ssh and ssh-keygen; sshd wants /run/sshd.

sshd_start() {
	local dir=$1 sshd n port
	sshd=$(command -v sshd || echo /usr/sbin/sshd)
	[ -x "$sshd" ] && command -v ssh >/dev/null &&
	    command -v ssh-keygen >/dev/null || return 1
	[ -d /run/sshd ] || mkdir -p /run/sshd 2>/dev/null || return 1
	mkdir -p "$dir" || return 1
	dir=$(cd "$dir" && pwd)
	ssh-keygen -q -t ed25519 -N '' -f "$dir/host_key" &&
	ssh-keygen -q -t ed25519 -N '' -f "$dir/id_key" &&
	cp "$dir/id_key.pub" "$dir/authorized_keys" || return 1
	port=$((20000 + $$ % 20000))
	cat >"$dir/sshd_config" <<-EOF
	Port $port
	ListenAddress 127.0.0.1
	HostKey $dir/host_key
	AuthorizedKeysFile $dir/authorized_keys
	StrictModes no
	PasswordAuthentication no
	KbdInteractiveAuthentication no
	PermitRootLogin prohibit-password
	UsePAM no
	PidFile none
	EOF
	cat >"$dir/config" <<-EOF
	Host worker1 worker2
		HostName 127.0.0.1
		Port $port
		User $(id -un)
		IdentityFile $dir/id_key
		StrictHostKeyChecking no
		UserKnownHostsFile /dev/null
		LogLevel ERROR
		BatchMode yes
	EOF
	printf 'worker1\nworker2\n' >"$dir/hosts"
	"$sshd" -D -f "$dir/sshd_config" -E "$dir/log" &
	SSHD_PID=$!
	export PARALLEL_SSH="ssh -F $dir/config"
	export PARALLEL_HOME="$dir/parallel"
	n=0
	until ssh -F "$dir/config" worker1 true 2>/dev/null; do
		sleep 0.2
		n=$((n + 1))
		[ $n -lt 300 ] || { sshd_stop; return 1; }
	done
}

sshd_stop() {
	[ -n "${SSHD_PID:-}" ] && kill "$SSHD_PID" 2>/dev/null
	SSHD_PID=
}

cluster_hosts() {
	if ! command -v parallel >/dev/null; then
		test_skip 'GNU parallel is not installed'
		test_done
	fi
	if ! sshd_start ssh; then
		test_skip 'sshd cannot run on the loopback address here'
		test_done
	fi
	trap sshd_stop EXIT
	cp ssh/hosts hosts
}
