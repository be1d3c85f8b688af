#!/usr/bin/env bash
# Builds errseq-jni a second time, from a copy of the sources in another directory, and
# requires its jars (classes with the natives, sources, javadoc) to be byte-identical to the
# ones the build just made. project.build.outputTimestamp fixes the archives' times; this
# shows that nothing else (paths, order, the native libraries) differs between two builds.
#
# Usage: check_reproducible_jar.sh <java/target of the build> <final name, e.g. errseq-jni-0.1.0>
set -euo pipefail

built=$1
name=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/errseq-reproducible-XXXXXX")
trap 'rm -rf "$work"' EXIT

# The sources the module is built from, and every module's pom (the reactor reads them all).
mkdir "$work/src"
(cd "$root" && tar cf - --exclude=target pom.xml mvnw .mvn java/pom.xml java/src native toolchains \
    $(find . -mindepth 2 -name pom.xml -not -path '*/target/*' -not -path './java/*' \
        -not -path './.*')) \
    | tar xf - -C "$work/src"

# Offline: the first build resolved everything. No fuzzing: its target is not in the jar.
(cd "$work/src" && ./mvnw -B -q -o package -pl java -DskipTests -P '!fuzz') \
    > "$work/build.log" 2>&1 || { cat "$work/build.log"; echo "the rebuild failed" >&2; exit 1; }

status=0
for suffix in "" -sources -javadoc; do
    jar="$name$suffix.jar"
    if cmp -s "$built/$jar" "$work/src/java/target/$jar"; then
        echo "reproducible: $jar is byte-identical to a rebuild in another directory"
    else
        echo "NOT REPRODUCIBLE: $jar differs from a rebuild in another directory:" >&2
        diff <(unzip -lv "$built/$jar" | sed '$d') <(unzip -lv "$work/src/java/target/$jar" | sed '$d') >&2 || true
        status=1
    fi
done
exit $status
