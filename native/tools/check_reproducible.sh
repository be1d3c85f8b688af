#!/bin/sh
# check_reproducible.sh SOURCE_DIR LIB BUILD_TYPE TOOLCHAIN_FILE JNI_INCLUDE JNI_INCLUDE_MD
# Builds the library twice more from SOURCE_DIR, in two fresh directories
# with different paths, and requires both copies to be byte-identical to LIB:
# no path, time or host detail may leak into the binary.
set -eu
src=$1 lib=$2 type=$3 toolchain=$4 jni=$5 jni_md=$6
work=$(mktemp -d "${TMPDIR:-/tmp}/errseq-repro.XXXXXX")
trap 'rm -rf "$work"' EXIT
for n in 1 2; do
	dir="$work/build-$n-$(printf '%*s' $n '' | tr ' ' x)"
	set -- -S "$src" -B "$dir" -DCMAKE_BUILD_TYPE="$type" -DERRSEQ_LIB_DIR="$dir/out" \
		-DJAVA_INCLUDE_PATH="$jni" -DJAVA_INCLUDE_PATH2="$jni_md"
	[ -n "$toolchain" ] && set -- "$@" -DCMAKE_TOOLCHAIN_FILE="$toolchain"
	cmake "$@" >"$work/log-$n" 2>&1 || { cat "$work/log-$n"; exit 1; }
	cmake --build "$dir" --target errseq >>"$work/log-$n" 2>&1 || { cat "$work/log-$n"; exit 1; }
	if ! cmp "$lib" "$dir/out/$(basename "$lib")"; then
		echo "$lib: build $n in $dir differs: the build is not reproducible"
		exit 1
	fi
done
echo "$lib: two more builds in other directories are byte-identical ($(sha256sum <"$lib" | cut -c1-16))"
