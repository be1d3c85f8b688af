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
 * The results of one run of the suite: JMH's JSON files (one per JDK) and the C baseline's
 * JSON, keyed by source ({@code jdk25}, {@code jdk17}, {@code c}) and benchmark.
 *
 * <p>A JMH key is the class's simple name, the method, and the parameters in brackets, such as
 * {@code WordBench.checkAndAdvance[impl=native,layout=UPSTREAM]}; each thread group's share of
 * a group benchmark is keyed {@code ContentionBench.nativeWord:nativeSet}. A C key is the C
 * program's name, such as {@code upstream.checkAndAdvance}.
 */
final class Results {
    static final String C = "c";

    /**
     * One result: the median of its samples (JMH's measured iterations of every fork, or the C
     * program's repetitions) and half their interquartile range, a spread that a burst of
     * work elsewhere on the machine moves little.
     */
    record Score(double value, double error, String unit) {
        static Score of(List<Double> samples, String unit) {
            List<Double> sorted = samples.stream().sorted().toList();
            return new Score(quantile(sorted, 0.5),
                    (quantile(sorted, 0.75) - quantile(sorted, 0.25)) / 2, unit);
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

    private final Map<String, Map<String, Score>> scores = new LinkedHashMap<>();
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
            Map<String, Score> into = scores.computeIfAbsent(source, s -> new TreeMap<>());
            into.put(key, scoreOf(run.getAsJsonObject("primaryMetric")));
            JsonObject secondary = run.getAsJsonObject("secondaryMetrics");
            if (secondary != null) {
                for (Map.Entry<String, JsonElement> e : secondary.entrySet()) {
                    into.put(key + ":" + e.getKey(), scoreOf(e.getValue().getAsJsonObject()));
                }
            }
        }
    }

    void loadC(Path file) throws IOException {
        JsonObject root;
        try (Reader in = Files.newBufferedReader(file)) {
            root = JsonParser.parseReader(in).getAsJsonObject();
        }
        runtimes.put(C, new Runtime(C, 0, root.get("compiler").getAsString()));
        Map<String, Score> into = scores.computeIfAbsent(C, s -> new TreeMap<>());
        String unit = root.get("unit").getAsString();
        for (JsonElement element : root.getAsJsonArray("results")) {
            JsonObject r = element.getAsJsonObject();
            List<Double> samples = new ArrayList<>();
            r.getAsJsonArray("samples").forEach(x -> samples.add(x.getAsDouble()));
            into.put(r.get("name").getAsString(), Score.of(samples, unit));
        }
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

    /** The median of every measured iteration of every fork ({@code rawData}). */
    private static Score scoreOf(JsonObject metric) {
        List<Double> samples = new ArrayList<>();
        for (JsonElement fork : metric.getAsJsonArray("rawData")) {
            fork.getAsJsonArray().forEach(x -> samples.add(x.getAsDouble()));
        }
        return Score.of(samples, metric.get("scoreUnit").getAsString());
    }

    Optional<Score> get(String source, String key) {
        return Optional.ofNullable(scores.getOrDefault(source, Map.of()).get(key));
    }

    boolean has(String source) {
        return scores.containsKey(source);
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
