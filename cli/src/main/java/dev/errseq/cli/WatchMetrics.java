package dev.errseq.cli;

import dev.errseq.trace.NewWritebackError;
import dev.errseq.trace.TracedFilesystem;
import dev.errseq.trace.WordSetEvent;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.Optional;

/**
 * The counters of {@code errseq watch}, served in Prometheus's text format at
 * {@code http://HOST:PORT/metrics} when {@code --metrics} asks for it. Each watch has its own
 * registry, so nothing else (no JVM metrics) is served.
 *
 * <ul>
 *   <li>{@code errseq_writeback_errors_total{device,mountpoint,fstype,errno}}: new writeback
 *       errors by filesystem and errno name ({@code unrevealed} when no later event showed it);
 *   <li>{@code errseq_trace_events_total}: events read from the kernel's trace;
 *   <li>{@code errseq_trace_events_lost_total}: events that happened but were not read.
 * </ul>
 */
final class WatchMetrics implements AutoCloseable {
    private final Counter errors;
    private final Counter events;
    private final Counter lost;
    private final Optional<HTTPServer> server;
    private final Optional<String> url;

    private WatchMetrics(PrometheusRegistry registry, Optional<HTTPServer> server,
            Optional<String> url) {
        this.errors = Counter.builder().name("errseq_writeback_errors_total")
                .help("Writeback errors the kernel will report afresh, by filesystem and errno"
                        + " (unrevealed: no later event of the inode showed it)")
                .labelNames("device", "mountpoint", "fstype", "errno").register(registry);
        this.events = Counter.builder().name("errseq_trace_events_total")
                .help("Writeback-error events read from the kernel's trace").register(registry);
        this.lost = Counter.builder().name("errseq_trace_events_lost_total")
                .help("Writeback-error events that happened but were not read (overwritten in"
                        + " the trace buffer, or not delivered)").register(registry);
        this.server = server;
        this.url = url;
    }

    /**
     * Counters, served on {@code address} if one is given.
     *
     * @throws Problem if the address cannot be bound (exit 71)
     */
    static WatchMetrics serve(Optional<MetricsAddress> address) throws Problem {
        PrometheusRegistry registry = new PrometheusRegistry();
        if (address.isEmpty()) {
            return new WatchMetrics(registry, Optional.empty(), Optional.empty());
        }
        MetricsAddress where = address.get();
        HTTPServer server;
        try {
            server = HTTPServer.builder().hostname(where.host()).port(where.port())
                    .registry(registry).buildAndStart();
        } catch (IOException | RuntimeException e) {
            throw new Problem(ExitCodes.OS_ERR, "cannot serve metrics on " + where + ": " + e
                    + "; choose another HOST:PORT", e);
        }
        try {
            return new WatchMetrics(registry, Optional.of(server),
                    Optional.of(where.url(server.getPort())));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** The URL the counters are served at, if they are. */
    Optional<String> url() {
        return url;
    }

    void error(NewWritebackError error) {
        WordSetEvent set = error.set();
        Optional<TracedFilesystem> fs = set.filesystem();
        errors.labelValues(fs.map(f -> f.device().toString()).orElse(set.device().toString()),
                fs.map(f -> f.mountPoint().toString()).orElse(""),
                fs.map(TracedFilesystem::fsType).orElse(""), error.errnoName()).inc();
    }

    void events(long count) {
        events.inc(count);
    }

    void lost(long count) {
        lost.inc(count);
    }

    /** Stops the HTTP server, if one runs. */
    @Override
    public void close() {
        server.ifPresent(HTTPServer::close);
    }
}
