#!/bin/sh
# install-deps.sh DEPS - install the Debian packages listed in DEPS that are
# missing.  As root it runs apt-get; otherwise it only names what is missing.
set -eu
list=${1:-deps}
pkgs=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$list")
missing=
for p in $pkgs; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing Debian packages:$missing" >&2
	echo "install-deps: run 'make deps' as root, or: apt-get install$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
if [ ! -e /var/lib/apt/lists/lock ] || [ -z "$(ls /var/lib/apt/lists/ 2>/dev/null | grep -v lock)" ] || [ "${CI:-}" = true ]; then
	apt-get update -q
fi
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing </dev/null
