# tests/faults/shim.sh - sourced by the fault tests after tests/lib.sh:
# builds faultshim.so (see faultshim.c) into the trash directory.
#
#   shim_build || { test_skip '...'; test_done; }
#   fault CALL NTH ERRNO [VAR=VALUE...] -- COMMAND...
#	run COMMAND with the CALL failing at its NTH call with ERRNO

# shim_build: 0 if the shim is built and usable with these binaries (not
# with a sanitizer build: its runtime must come first in the preload list)
shim_build() {
	command -v cc >/dev/null || return 1
	if ldd "$DOSSIER_BIN/dossier-deskew" 2>/dev/null | grep -q 'libasan\|libubsan'; then
		return 1
	fi
	cc -shared -fPIC -o "$TRASH/faultshim.so" \
	    "$SRCDIR/tests/faults/faultshim.c" -ldl || return 1
	SHIM=$TRASH/faultshim.so
}

fault() {
	local call=$1 nth=$2 err=$3
	shift 3
	local vars=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		vars+=("$1")
		shift
	done
	shift
	env LD_PRELOAD="$SHIM" FAULT_CALL="$call" FAULT_NTH="$nth" \
	    FAULT_ERRNO="$err" FAULT_LOG="$TRASH/faults.log" "${vars[@]}" "$@"
}
