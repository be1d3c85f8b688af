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
#   testkit-cost.md            errseq-testkit's FaultyFilesystem: create and close, faults, a
#                              shared filesystem against one per test (root only; opt-in:
#                              ERRSEQ_BENCH_ONLY=testkit runs only this, see testkit_cost below)
#   startup.md                 the errseq command's start-up against java -version, plain and
#                              with class-data sharing (opt-in: ERRSEQ_BENCH_ONLY=startup runs
#                              only this, see startup_cost below)
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

only=${ERRSEQ_BENCH_ONLY:-}
case $only in
    ''|monitor|testkit|startup) ;;
    *) echo "run.sh: ERRSEQ_BENCH_ONLY is monitor, testkit or startup, not '$only'" >&2; exit 2 ;;
esac

build_jdk=$main_jdk
if [ "$only" = testkit ] || [ "$only" = startup ]; then
    # The testkit's and the command's costs need neither the FFM module nor JDK 25's build.
    modules=benchmarks,cli
    main_jar=$root/benchmarks/target/benchmarks.jar
    build_jdk=${jdk17:-$main_jdk}
elif [ -n "$jdk25" ]; then
    modules=benchmarks,benchmarks/ffm
    main_jar=$root/benchmarks/ffm/target/benchmarks-jdk25.jar
else
    modules=benchmarks
    main_jar=$root/benchmarks/target/benchmarks.jar
    echo "no JDK 25: running without the FFM benchmarks"
fi
say "building with JDK $(java_major "$build_jdk") ($build_jdk)"
JAVA_HOME=$build_jdk ./mvnw -B -q -pl "$modules" -am package -DskipTests -Dctest.skip.tests=true

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

# errseq-testkit's cost: dev.errseq.bench.TestkitCost makes and closes FaultyFilesystems of
# each kind (3 rounds to warm up, 20 measured), causes writeback errors, fails and heals, and
# runs ten small tests on a filesystem each against the same ten on one shared filesystem.
testkit_cost() {
    if [ "$(id -u)" != 0 ]; then
        echo "not root: skipping the testkit's cost (a FaultyFilesystem mounts)"
        return 0
    fi
    local flags=()
    if [ "$main_major" -ge 22 ]; then
        flags+=(--enable-native-access=ALL-UNNAMED)
    fi
    "$main_jdk/bin/java" "${flags[@]}" -cp "$root/benchmarks/target/benchmarks.jar" \
        dev.errseq.bench.TestkitCost "$out/testkit-cost.md"
}

# The errseq command's start-up: the wall time of `errseq decode 0x1005` (java -jar
# cli/target/errseq.jar) against `java -version` on the same JDK, for JDK 17 and JDK 25, each
# variant 3 times to warm up and then STARTUP_RUNS times, the variants taking turns so that a
# change in the machine's load meets them all alike. Variants: the plain command; with C1
# alone and the serial collector (less JIT and GC start-up); with a dynamic CDS archive of the
# application's classes (JDK 17: -XX:ArchiveClassesAtExit; JDK 19+: -XX:+AutoCreateSharedArchive);
# and with a static CDS archive (a class list from one run, then -Xshare:dump), which unlike a
# dynamic one can hold picocli's classes: they are Java 5 class files.
STARTUP_RUNS=${STARTUP_RUNS:-20}
startup_cost() {
    local jar=$root/cli/target/errseq.jar cds=$root/benchmarks/target/startup-cds
    # The timed command lines are split at spaces (startup_jdk): a path must have none.
    if [[ $root == *' '* ]] || [[ $jdk17$jdk25 == *' '* ]]; then
        echo "run.sh: the start-up measurement needs paths without spaces: $root" >&2
        return 1
    fi
    rm -rf "$cds" && mkdir -p "$cds"
    local table=$cds/table.md
    printf '| JDK | variant | median | p90 | × java -version | CPU median |\n|---|---|---:|---:|---:|---:|\n' >"$table"
    local load_before jdk major
    load_before=$(cut -d' ' -f1-3 /proc/loadavg)
    for jdk in "$jdk17" "$jdk25"; do
        [ -n "$jdk" ] || continue
        major=$(java_major "$jdk")
        startup_jdk "$jdk" "$major" "$jar" "$cds" >>"$table"
    done
    {
        cat "$table"
        printf '\nEach figure: %s runs after 3 to warm up, the variants taking turns; wall time ' "$STARTUP_RUNS"
        printf 'in ms, CPU = user + system. Load average (1, 5, 15 min) before: %s; after: %s. ' \
            "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)"
        printf 'Niceness %s. Kernel %s, %s CPUs.\n' "$(ps -o ni= -p $$ | tr -d ' ')" \
            "$(uname -r)" "$(nproc)"
    } >"$out/startup.md"
    rm -rf "$cds"
    cat "$out/startup.md"
}

# One JDK's rows of the start-up table.
startup_jdk() {
    local jdk=$1 major=$2 jar=$3 cds=$4
    local java=$jdk/bin/java
    local dynamic=(-XX:SharedArchiveFile="$cds/dynamic-$major.jsa")
    # Made by a run of its own: a dump warns about every class it leaves out (picocli's).
    local quiet=(-Xlog:cds=off -Xlog:cds+dynamic=off)
    if [ "$major" -ge 19 ]; then
        dynamic+=(-XX:+AutoCreateSharedArchive)
        "$java" "${dynamic[@]}" "${quiet[@]}" -jar "$jar" decode 0x1005 >/dev/null
    else
        "$java" -XX:ArchiveClassesAtExit="$cds/dynamic-$major.jsa" "${quiet[@]}" \
            -jar "$jar" decode 0x1005 >/dev/null
    fi
    "$java" -XX:DumpLoadedClassList="$cds/classes-$major.txt" -jar "$jar" decode 0x1005 >/dev/null
    "$java" -Xshare:dump -XX:SharedClassListFile="$cds/classes-$major.txt" \
        -XX:SharedArchiveFile="$cds/static-$major.jsa" -cp "$jar" >"$cds/dump-$major.log" 2>&1
    local static=(-XX:SharedArchiveFile="$cds/static-$major.jsa")
    local lean=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
    local names=("java -version" "errseq decode" "errseq decode, C1 + serial GC"
        "errseq decode, dynamic CDS" "errseq decode, static CDS"
        "errseq decode, static CDS, C1 + serial GC")
    local commands=(
        "$java -version"
        "$java -jar $jar decode 0x1005"
        "$java ${lean[*]} -jar $jar decode 0x1005"
        "$java ${dynamic[*]} -jar $jar decode 0x1005"
        "$java ${static[*]} -jar $jar decode 0x1005"
        "$java ${static[*]} ${lean[*]} -jar $jar decode 0x1005")
    local i run
    for i in "${!commands[@]}"; do
        : >"$cds/wall-$major-$i" && : >"$cds/cpu-$major-$i"
        # The command's own output must be its line alone: a CDS warning would be a failure.
        if [ "$i" -gt 0 ]; then
            local printed
            printed=$(${commands[$i]} 2>&1)
            if [ "$printed" != "0x00001005 upstream: counter 0, errno 5 EIO, SEEN" ]; then
                echo "run.sh: '${names[$i]}' on JDK $major printed: $printed" >&2
                return 1
            fi
        fi
    done
    for run in $(seq $((STARTUP_RUNS + 3))); do
        for i in "${!commands[@]}"; do
            local TIMEFORMAT='%R %U %S' times
            times=$( { time ${commands[$i]} >/dev/null 2>&1; } 2>&1 )
            if [ "$run" -gt 3 ]; then
                awk '{ printf "%d\n", $1 * 1000 }' <<<"$times" >>"$cds/wall-$major-$i"
                awk '{ printf "%d\n", ($2 + $3) * 1000 }' <<<"$times" >>"$cds/cpu-$major-$i"
            fi
        done
    done
    local base
    base=$(percentile 50 "$cds/wall-$major-0")
    for i in "${!commands[@]}"; do
        local median
        median=$(percentile 50 "$cds/wall-$major-$i")
        printf '| %s | %s | %s ms | %s ms | %s | %s ms |\n' "$major" "${names[$i]}" "$median" \
            "$(percentile 90 "$cds/wall-$major-$i")" \
            "$(awk -v m="$median" -v b="$base" 'BEGIN { printf "%.2f", m / b }')" \
            "$(percentile 50 "$cds/cpu-$major-$i")"
    done
}

# The nearest-rank percentile ($1) of the numbers in file $2, one a line.
percentile() {
    sort -n "$2" | awk -v p="$1" '{ v[NR] = $1 } END { r = int((p * NR + 99) / 100); if (r < 1) r = 1; print v[r] }'
}

if [ "$only" = testkit ] || [ "$only" = startup ]; then
    say "the ${only}'s cost"
    if [ "$(id -u)" = 0 ] && [ "${ERRSEQ_BENCH_NICE:--15}" != 0 ]; then
        renice -n "${ERRSEQ_BENCH_NICE:--15}" -p $$ >/dev/null
    fi
    echo "running at nice $(ps -o ni= -p $$ | tr -d ' ')"
    "${only}_cost"
    exit
fi

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
