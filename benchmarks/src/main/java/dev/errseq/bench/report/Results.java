package dev.errseq.bench.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The results of one run of the suite: JMH's JSON files (one per JDK and round) and the C
 * baseline's JSON files (one per round), keyed by source ({@code jdk25}, {@code jdk17},
 * {@code c}) and benchmark. The samples of every round of a source are pooled.
 *
 * <p>A JMH key is the class's simple name, the method, and the parameters in brackets, such as
 * {@code WordBench.checkAndAdvance[impl=native,layout=UPSTREAM]}; each thread group's share of
 * a group benchmark is keyed {@code ContentionBench.nativeWord:nativeSet}. A C key is the C
 * program's name, such as {@code upstream.checkAndAdvance}.
 */
final class Results {
    static final String C = "c";

    /**
     * One result, from all its samples (every measured JMH iteration of every fork and round,
     * or every repetition of the C program). The value is the best sample: the fastest time,
     * or the highest throughput. Work elsewhere on a shared machine only ever adds time to a
     * sample, never removes it, so the best sample is the one least disturbed, and the ratio
     * of two best samples compares the code rather than the moments at which each ran. The
     * median shows how much the machine disturbed the rest.
     */
    record Score(double value, double median, String unit, int samples) {
        static Score of(List<Double> samples, String unit) {
            List<Double> sorted = samples.stream().sorted().toList();
            boolean throughput = unit.startsWith("ops/");
            double best = sorted.isEmpty() ? Double.NaN
                    : throughput ? sorted.get(sorted.size() - 1) : sorted.get(0);
            return new Score(best, quantile(sorted, 0.5), unit, sorted.size());
        }

        /** The q-quantile of sorted values, interpolated linearly between neighbours. */
        static double quantile(List<Double> sorted, double q) {
            if (sorted.isEmpty()) {
                return Double.NaN;
            }
            double position = q * (sorted.size() - 1);
            int below = (int) Math.floor(position);
            int above = Math.min(below + 1, sorted.size() - 1);
            double weight = position - below;
            return sorted.get(below) * (1 - weight) + sorted.get(above) * weight;
        }
    }

    /** What ran a source: the JDK, or the C compiler. */
    record Runtime(String source, int jdkMajor, String description) {
    }

    private record Samples(String unit, List<Double> values) {
    }

    private final Map<String, Map<String, Samples>> samples = new LinkedHashMap<>();
    private final Map<String, Runtime> runtimes = new LinkedHashMap<>();

    void loadJmh(Path file) throws IOException {
        JsonArray runs;
        try (Reader in = Files.newBufferedReader(file)) {
            runs = JsonParser.parseReader(in).getAsJsonArray();
        }
        for (JsonElement element : runs) {
            JsonObject run = element.getAsJsonObject();
            String jdk = run.get("jdkVersion").getAsString();
            int major = Integer.parseInt(jdk.split("[.+-]")[0]);
            String source = "jdk" + major;
            runtimes.putIfAbsent(source, new Runtime(source, major,
                    run.get("vmName").getAsString() + " " + run.get("vmVersion").getAsString()
                            + " (" + run.get("jvm").getAsString() + ")"));
            String key = keyOf(run);
            addJmh(source, key, run.getAsJsonObject("primaryMetric"));
            JsonObject secondary = run.getAsJsonObject("secondaryMetrics");
            if (secondary != null) {
                for (Map.Entry<String, JsonElement> e : secondary.entrySet()) {
                    addJmh(source, key + ":" + e.getKey(), e.getValue().getAsJsonObject());
                }
            }
        }
    }

    /** Every measured iteration of every fork ({@code rawData}). */
    private void addJmh(String source, String key, JsonObject metric) {
        List<Double> values = samplesOf(source, key, metric.get("scoreUnit").getAsString());
        for (JsonElement fork : metric.getAsJsonArray("rawData")) {
            fork.getAsJsonArray().forEach(x -> values.add(x.getAsDouble()));
        }
    }

    void loadC(Path file) throws IOException {
        JsonObject root;
        try (Reader in = Files.newBufferedReader(file)) {
            root = JsonParser.parseReader(in).getAsJsonObject();
        }
        runtimes.putIfAbsent(C, new Runtime(C, 0, root.get("compiler").getAsString()));
        String unit = root.get("unit").getAsString();
        for (JsonElement element : root.getAsJsonArray("results")) {
            JsonObject r = element.getAsJsonObject();
            List<Double> values = samplesOf(C, r.get("name").getAsString(), unit);
            r.getAsJsonArray("samples").forEach(x -> values.add(x.getAsDouble()));
        }
    }

    private List<Double> samplesOf(String source, String key, String unit) {
        return samples.computeIfAbsent(source, s -> new TreeMap<>())
                .computeIfAbsent(key, k -> new Samples(unit, new ArrayList<>())).values();
    }

    private static String keyOf(JsonObject run) {
        String benchmark = run.get("benchmark").getAsString();
        String[] parts = benchmark.split("\\.");
        String key = parts[parts.length - 2] + "." + parts[parts.length - 1];
        JsonObject params = run.getAsJsonObject("params");
        if (params != null && !params.isEmpty()) {
            StringBuilder text = new StringBuilder(key).append('[');
            new TreeMap<>(params.asMap()).forEach((name, value) ->
                    text.append(text.charAt(text.length() - 1) == '[' ? "" : ",")
                            .append(name).append('=').append(value.getAsString()));
            key = text.append(']').toString();
        }
        return key;
    }

    Optional<Score> get(String source, String key) {
        Samples s = samples.getOrDefault(source, Map.of()).get(key);
        return s == null ? Optional.empty() : Optional.of(Score.of(s.values(), s.unit()));
    }

    Map<String, Runtime> runtimes() {
        return runtimes;
    }

    /** The JMH source of the newest JDK: the main run, the one with the FFM benchmarks. */
    Optional<String> mainJdk() {
        return runtimes.values().stream().filter(r -> r.jdkMajor() > 0)
                .max((a, b) -> Integer.compare(a.jdkMajor(), b.jdkMajor()))
                .map(Runtime::source);
    }
}
