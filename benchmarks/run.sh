#!/usr/bin/env bash
# Builds and runs the benchmark suite, then writes benchmarks/results/:
#   c-core-round{1,2}.json     the C baseline (benchmarks/c/errseq_cbench), no JVM
#   jmh-jdk25-round{1,2}.json  every JMH benchmark, FFM included, on JDK 25
#   jmh-jdk17-round{1,2}.json  the bridge floor and the checkAndAdvance pair again on JDK 17
#   report.md                  the tables of ratios and the targets' verdicts
#   probe-cost.md              the time of one UnseenErrorProbe.probe on ext4, xfs and btrfs
#                              (root only: the probe mounts; see probe_cost below)
#   chart.png                  the same results as a chart
#   monitor.md, monitor.json   the writeback-error monitor (as root only): latency, error
#                              storm, idle CPU; ERRSEQ_BENCH_ONLY=monitor runs only this
#
# The suite runs twice (two rounds, a few minutes apart) with the settings fixed in the
# benchmarks (dev.errseq.bench.Settings: 2 forks, each 2 x 200 ms warm-up and 5 x 200 ms
# measured); the whole run takes about ten minutes on two cores.
#
# As root, the sync benchmarks run on a private tmpfs mounted for the run; otherwise on
# /dev/shm. Nothing is synced on a real disk. As root, the measurements also run at
# nice -15 (ERRSEQ_BENCH_NICE), so that other work on a shared machine takes less of the
# benchmark's CPU time: a descheduled benchmark thread makes every ns/op look longer.
#
# Environment: JAVA25_HOME and JAVA17_HOME pick the JDKs (defaults: a JDK 25 under
# /usr/lib/jvm, and the java on PATH if it is 17). Without a JDK 25 the suite runs on the
# default JDK without the FFM benchmarks. ERRSEQ_BENCH_OUT changes the output directory.
# Arguments, if any, go to the JDK 25 JMH run (a benchmark regex, -prof gc, ...): for
# investigating one result; such a run skips JDK 17 and writes to
# benchmarks/target/results-partial/ instead.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# --probe-cost: only build and measure the probe's cost, into benchmarks/results/.
probe_only=0
if [ "${1:-}" = --probe-cost ]; then
    probe_only=1
    shift
fi
# A partial run (arguments given) must not overwrite the committed results.
if [ $# -gt 0 ]; then
    out=${ERRSEQ_BENCH_OUT:-$root/benchmarks/target/results-partial}
else
    out=${ERRSEQ_BENCH_OUT:-$root/benchmarks/results}
fi
mkdir -p "$out"

say() { printf '\n== %s\n' "$*"; }

java_major() {
    "$1/bin/java" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^ *java\.specification\.version = //p'
}

jdk25=${JAVA25_HOME:-}
if [ -z "$jdk25" ]; then
    for dir in /usr/lib/jvm/*; do
        if [ -x "$dir/bin/javac" ] && [ "$(java_major "$dir")" = 25 ]; then
            jdk25=$dir
            break
        fi
    done
fi
jdk17=${JAVA17_HOME:-}
if [ -z "$jdk17" ]; then
    default_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    if [ "$(java_major "$default_home")" = 17 ]; then
        jdk17=$default_home
    fi
fi
if [ -z "$jdk25" ] && [ -z "$jdk17" ]; then
    echo "run.sh: need JDK 25 (JAVA25_HOME) or JDK 17 (JAVA17_HOME)" >&2
    exit 1
fi
main_jdk=${jdk25:-$jdk17}
main_major=$(java_major "$main_jdk")

say "building with JDK $main_major ($main_jdk)"
if [ -n "$jdk25" ]; then
    modules=benchmarks,benchmarks/ffm
    main_jar=$root/benchmarks/ffm/target/benchmarks-jdk25.jar
else
    modules=benchmarks
    main_jar=$root/benchmarks/target/benchmarks.jar
    echo "no JDK 25: running without the FFM benchmarks"
fi
JAVA_HOME=$main_jdk ./mvnw -B -q -pl "$modules" -am package -DskipTests -Dctest.skip.tests=true

# The probe's cost: dev.errseq.bench.ProbeCost probes a directory on each of ext4, xfs and
# btrfs, made for the run on loop devices whose sparse backing files sit on a private tmpfs
# (the probe syncs nothing, so the device's speed does not enter). ext4 is made with its
# inode tables written (no lazy init running in the background) and with its journal.
probe_cost() {
    if [ "$(id -u)" != 0 ]; then
        echo "not root: skipping the probe's cost (a probe mounts)"
        return 0
    fi
    local dir fs loop status=0
    dir=$(mktemp -d /tmp/errseq-probe-bench.XXXXXX)
    probe_dir=$dir
    mount -t tmpfs -o size=2g,mode=0700 errseq-probe-bench "$dir"
    local args=()
    for fs in ext4 xfs btrfs; do
        truncate -s 512M "$dir/$fs.img"
        loop=$(losetup -f --show "$dir/$fs.img")
        case $fs in
            ext4) mkfs.ext4 -q -F -E lazy_itable_init=0,lazy_journal_init=0 "$loop" ;;
            xfs) mkfs.xfs -q -f "$loop" ;;
            btrfs) mkfs.btrfs -q -f "$loop" >/dev/null ;;
        esac
        mkdir "$dir/$fs"
        mount "$loop" "$dir/$fs"
        mkdir "$dir/$fs/data"
        args+=("$fs=$dir/$fs/data")
    done
    "$main_jdk/bin/java" -cp "$root/benchmarks/target/benchmarks.jar" \
        dev.errseq.bench.ProbeCost "$out/probe-cost.md" "${args[@]}" || status=$?
    probe_teardown
    return "$status"
}

# Unmounts and detaches what probe_cost made; also run at exit.
probe_dir=
probe_teardown() {
    [ -n "$probe_dir" ] || return 0
    local fs loop
    for fs in ext4 xfs btrfs; do
        if mountpoint -q "$probe_dir/$fs"; then
            umount "$probe_dir/$fs"
        fi
    done
    for fs in ext4 xfs btrfs; do
        for loop in $(losetup -l -n -O NAME -j "$probe_dir/$fs.img"); do
            losetup -d "$loop"
        done
    done
    umount "$probe_dir" && rmdir "$probe_dir"
    probe_dir=
}
trap probe_teardown EXIT

if [ "$probe_only" = 1 ]; then
    say "the probe's cost"
    if [ "$(id -u)" = 0 ] && [ "${ERRSEQ_BENCH_NICE:--15}" != 0 ]; then
        renice -n "${ERRSEQ_BENCH_NICE:--15}" -p $$ >/dev/null
    fi
    echo "running at nice $(ps -o ni= -p $$ | tr -d ' ')"
    probe_cost
    exit
fi

# A private tmpfs for syncfs and fsync, so that nothing else's writeback is in the way.
if [ "$(id -u)" = 0 ]; then
    bench_dir=$(mktemp -d /tmp/errseq-bench.XXXXXX)
    mount -t tmpfs -o size=16m,mode=0700 errseq-bench "$bench_dir"
    trap 'probe_teardown; umount "$bench_dir" && rmdir "$bench_dir"' EXIT
else
    bench_dir=/dev/shm
fi
if [ "$(stat -f -c %T "$bench_dir")" != tmpfs ]; then
    echo "run.sh: $bench_dir is not tmpfs; refusing to run the sync benchmarks on a disk" >&2
    exit 1
fi

if [ "$(id -u)" = 0 ] && [ "${ERRSEQ_BENCH_NICE:--15}" != 0 ]; then
    renice -n "${ERRSEQ_BENCH_NICE:--15}" -p $$ >/dev/null
fi
niceness=$(ps -o ni= -p $$ | tr -d ' ')
echo "running at nice $niceness"

jvm_flags=(-Derrseq.bench.dir="$bench_dir")
if [ "$main_major" -ge 24 ]; then
    # JMH 1.37 reads fields through sun.misc.Unsafe, which JDK 24+ warns about at every fork.
    jvm_flags+=(--sun-misc-unsafe-memory-access=allow)
fi

# Two rounds a few minutes apart: every benchmark is sampled at two separate moments.
rounds=2
if [ $# -gt 0 ]; then
    rounds=1
fi
# ERRSEQ_BENCH_ONLY=monitor runs only the writeback-error monitor's benchmark (below).
if [ "${ERRSEQ_BENCH_ONLY:-}" = monitor ]; then
    rounds=0
fi
if [ "$rounds" -gt 0 ]; then
    rm -f "$out"/c-core*.json "$out"/jmh-jdk*.json
fi
reports=()
for round in $(seq "$rounds"); do
    say "round $round of $rounds: C baseline (no JVM)"
    benchmarks/target/native/errseq_cbench --dir "$bench_dir" --out "$out/c-core-round$round.json"
    reports+=(--c "$out/c-core-round$round.json")

    say "round $round of $rounds: JMH on JDK $main_major"
    "$main_jdk/bin/java" "${jvm_flags[@]}" -jar "$main_jar" \
        -rf json -rff "$out/jmh-jdk$main_major-round$round.json" "$@"
    reports+=(--jmh "$out/jmh-jdk$main_major-round$round.json")

    if [ -n "$jdk25" ] && [ -n "$jdk17" ] && [ $# -eq 0 ]; then
        say "round $round of $rounds: JMH on JDK 17, the bridge floor and checkAndAdvance"
        "$jdk17/bin/java" -Derrseq.bench.dir="$bench_dir" -jar benchmarks/target/benchmarks.jar \
            'BridgeBench' 'WordBench.checkAndAdvance$' 'PeerBench.atomicCompareAndSet$' \
            'SyncBench.librarySyncfs$' -p layout=UPSTREAM \
            -rf json -rff "$out/jmh-jdk17-round$round.json"
        reports+=(--jmh "$out/jmh-jdk17-round$round.json")
    fi
done

if [ "$rounds" -gt 0 ]; then
    say "report"
    "$main_jdk/bin/java" -cp "$main_jar" dev.errseq.bench.report.Report --out "$out" \
        "${reports[@]}" --command "benchmarks/run.sh" --nice "$niceness"
fi

if [ $# -eq 0 ] && [ "${ERRSEQ_BENCH_ONLY:-}" != monitor ]; then
    say "the probe's cost"
    probe_cost
fi

# The writeback-error monitor (dev.errseq.trace) on a real ext4 whose every page fails:
# latency, error storm and a minute idle; writes monitor.md and monitor.json. Needs root.
if [ $# -eq 0 ] && [ "$(id -u)" = 0 ]; then
    say "writeback-error monitor: latency, error storm, idle (about 2 minutes)"
    monitor_flags=()
    if [ "$main_major" -ge 22 ]; then
        monitor_flags+=(--enable-native-access=ALL-UNNAMED)
    fi
    "$main_jdk/bin/java" "${monitor_flags[@]}" -cp "$root/benchmarks/target/benchmarks.jar" \
        dev.errseq.bench.trace.MonitorBench --out "$out"
elif [ $# -eq 0 ]; then
    echo "not root: no writeback-error monitor benchmark (it needs tracefs and a loop device)"
fi
