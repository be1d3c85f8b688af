#!/bin/sh
# check_library.sh LIB - the shipped library's hygiene, as ctest checks it:
#  * it exports JNI_OnLoad (and JNI_OnLoad_errseq) and nothing else;
#  * it needs libc and nothing else (libgcc, if used, is linked in statically);
#  * no versioned glibc symbol is newer than GLIBC_2.17, so glibc 2.17
#    (RHEL 7, Ubuntu 18.04 and later) loads it; the highest one is printed;
#  * it is linked -z relro -z now.
# Weak undefined references (the crt files' optional hooks) need nothing.
# readelf reads any ELF, so one host binutils checks every target.
set -eu
lib=$1
fail=0
say() { echo "$lib: $*"; }
bad() { say "$*"; fail=1; }

exports=$(readelf --dyn-syms -W "$lib" | awk '$5 == "GLOBAL" && $7 != "UND" {print $8}' | sed 's/@.*//' | sort -u)
for sym in $exports; do
	case $sym in
	JNI_OnLoad | JNI_OnLoad_errseq) ;;
	*) bad "exports $sym (only JNI_OnLoad may be exported)" ;;
	esac
done
echo "$exports" | grep -qx JNI_OnLoad || bad "does not export JNI_OnLoad"

needed=$(readelf -d -W "$lib" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
for dep in $needed; do
	case $dep in
	libc.so.6) ;;
	*) bad "needs $dep (only libc.so.6 is allowed)" ;;
	esac
done

undefined=$(readelf --dyn-syms -W "$lib" | awk '$7 == "UND" && $5 != "WEAK" && $8 != "" {print $8}')
for sym in $undefined; do
	case $sym in
	*@GLIBC_*) ;;
	*) bad "undefined symbol $sym is not a versioned glibc symbol" ;;
	esac
done
versions=$(readelf --dyn-syms -W "$lib" | awk '$7 == "UND" {print $8}')
highest=$(echo "$versions" | sed -n 's/.*@GLIBC_\([0-9.]*\).*/\1/p' | sort -t. -k1,1n -k2,2n -k3,3n | tail -1)
say "highest glibc symbol version: GLIBC_${highest:-none}"
if [ -n "$highest" ]; then
	newest=$(printf '%s\n%s\n' "$highest" 2.17 | sort -t. -k1,1n -k2,2n -k3,3n | tail -1)
	[ "$newest" = 2.17 ] || bad "needs GLIBC_$highest, newer than the GLIBC_2.17 floor"
fi

readelf -d -W "$lib" | grep -q 'BIND_NOW\|FLAGS_1.*NOW' || bad "not linked with -z now"
readelf -l -W "$lib" | grep -q GNU_RELRO || bad "not linked with -z relro"

[ $fail -eq 0 ] && say "exports, dependencies, glibc floor and RELRO/BIND_NOW are as required"
exit $fail
