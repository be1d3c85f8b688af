package dev.errseq.trace;

import dev.errseq.mountinfo.MountInfo;
import dev.errseq.mountinfo.MountTable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Watches the kernel's writeback-error words without consuming anything: a private tracefs
 * instance with {@code filemap:filemap_set_wb_err} and
 * {@code filemap:file_check_and_advance_wb_err} enabled, read by one thread that blocks in
 * {@code read(2)} on the instance's {@code trace_pipe} (no CPU while nothing happens).
 *
 * <pre>{@code
 * try (WritebackErrorMonitor monitor = WritebackErrorMonitor.start(List.of(Path.of("/data")))) {
 *     WritebackErrorEvent event = monitor.poll(Duration.ofSeconds(10));   // null: none
 * }
 * }</pre>
 *
 * <p>Needs root. The instance is removed by {@link #close()}, by a shutdown hook if the JVM
 * exits with the monitor open, and, if the JVM was killed, by the next monitor's start.
 * Events come either to a listener (on the reader thread, in trace order) or to a bounded
 * queue read with {@link #poll}, {@link #take} or {@link #stream}. What could not be
 * delivered is counted in {@link #statistics()}, never hidden.
 */
public final class WritebackErrorMonitor implements AutoCloseable {
    /** Default ring buffer per CPU: about 40,000 events of either kind. */
    public static final int DEFAULT_BUFFER_KB = 2048;
    /** Default capacity of the poll queue. */
    public static final int DEFAULT_QUEUE_CAPACITY = 65_536;
    private static final String CLOSE_MARK = "errseq-monitor-close";
    private static final String FLUSH_MARK = "errseq-monitor-flush-";
    private static final Object END = new Object();
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final TraceInstance instance;
    private final List<TracedFilesystem> watched;
    private final Set<DeviceNumber> watchedDevices = new LinkedHashSet<>();
    private final Consumer<? super WritebackErrorEvent> listener;
    private final BlockingQueue<Object> queue;
    private final FilesystemResolver resolver = FilesystemResolver.system();
    private final Thread reader;
    private final BufferedReader pipe;
    private final AtomicLong lostReported = new AtomicLong();
    private final AtomicLong undelivered = new AtomicLong();
    private final AtomicLong listenerFailures = new AtomicLong();
    private final AtomicLong unparsed = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong flushRequested = new AtomicLong();
    private long flushReached;
    private volatile boolean closed;
    private volatile long lostAtClose;
    private volatile Throwable readFailure;

    private WritebackErrorMonitor(Builder builder, TraceInstance instance,
            List<TracedFilesystem> watched) throws IOException {
        this.instance = instance;
        this.watched = List.copyOf(watched);
        watched.forEach(fs -> watchedDevices.add(fs.device()));
        this.listener = builder.listener;
        // One place more than the capacity: the end marker always fits behind the events.
        this.queue = listener == null ? new LinkedBlockingQueue<>(builder.queueCapacity + 1)
                : null;
        this.pipe = new BufferedReader(new InputStreamReader(instance.openPipe(),
                StandardCharsets.UTF_8), 1 << 16);
        this.reader = new Thread(this::readLoop, "errseq-trace-" + instance.directory()
                .getFileName());
        reader.setDaemon(true);
    }

    /**
     * Starts a monitor for every filesystem, events to the poll queue.
     *
     * @return the running monitor
     * @throws TraceException if this machine cannot trace (not root, no tracefs, no events,
     *     lockdown)
     * @throws IOException if tracefs refused a step for another reason
     */
    public static WritebackErrorMonitor start() throws IOException {
        return builder().start();
    }

    /**
     * Starts a monitor for the filesystems that hold {@code paths}, events to the poll queue.
     *
     * @param paths existing paths; each one's filesystem is watched
     * @return the running monitor
     * @throws TraceException if this machine cannot trace
     * @throws IOException if a path does not exist, or tracefs refused a step
     */
    public static WritebackErrorMonitor start(Collection<Path> paths) throws IOException {
        return builder().filesystemsOf(paths).start();
    }

    /**
     * A builder for the options: filesystems, listener, buffer and queue sizes.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Options of a monitor; {@link #start()} starts it. */
    public static final class Builder {
        private final List<Path> paths = new ArrayList<>();
        private Consumer<? super WritebackErrorEvent> listener;
        private int bufferKb = DEFAULT_BUFFER_KB;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private TraceEnvironment environment;

        private Builder() {
        }

        /**
         * Watches only the filesystems that hold these paths (all of them if never called).
         *
         * @param paths existing paths
         * @return this builder
         * @throws IllegalArgumentException if a path is not of the default filesystem
         */
        public Builder filesystemsOf(Collection<Path> paths) {
            List<Path> checked = new ArrayList<>();
            for (Path path : Objects.requireNonNull(paths, "paths")) {
                Objects.requireNonNull(path, "paths holds null");
                if (path.getFileSystem() != FileSystems.getDefault()) {
                    throw new IllegalArgumentException("not a path of the default filesystem: "
                            + path);
                }
                checked.add(path);
            }
            this.paths.addAll(checked);
            return this;
        }

        /**
         * Delivers each event to {@code listener}, on the monitor's reader thread, in trace
         * order, instead of queueing it. A slow listener delays reading; the kernel then
         * overwrites events, which {@link #statistics()} counts.
         *
         * @param listener called once per event; what it throws is counted and dropped
         * @return this builder
         */
        public Builder listener(Consumer<? super WritebackErrorEvent> listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * The ring buffer per CPU in KiB (default {@value #DEFAULT_BUFFER_KB}).
         *
         * @param kib 4 or more
         * @return this builder
         */
        public Builder bufferKb(int kib) {
            if (kib < 4) {
                throw new IllegalArgumentException("buffer below 4 KiB per CPU: " + kib);
            }
            this.bufferKb = kib;
            return this;
        }

        /**
         * The poll queue's capacity (default {@value #DEFAULT_QUEUE_CAPACITY}); events beyond
         * it are counted as undelivered.
         *
         * @param capacity 1 or more
         * @return this builder
         */
        public Builder queueCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("queue capacity below 1: " + capacity);
            }
            this.queueCapacity = capacity;
            return this;
        }

        /** The machine to use; only the tests pass another (see {@link TraceEnvironment}). */
        Builder environment(TraceEnvironment environment) {
            this.environment = environment;
            return this;
        }

        /**
         * Creates the instance, enables the events and starts reading.
         *
         * @return the running monitor
         * @throws TraceException if this machine cannot trace (not root, no tracefs, no
         *     events, lockdown)
         * @throws IOException if a path does not exist, or tracefs refused a step
         */
        public WritebackErrorMonitor start() throws IOException {
            TraceEnvironment env = environment != null ? environment : TraceEnvironment.system();
            Path tracefs = Tracefs.locate(env);
            List<TracedFilesystem> watched = filesystems(env);
            TraceInstance.removeStale(tracefs);
            TraceInstance instance = TraceInstance.create(tracefs, env, filter(watched), bufferKb);
            WritebackErrorMonitor monitor;
            try {
                monitor = new WritebackErrorMonitor(this, instance, watched);
            } catch (IOException | RuntimeException e) {
                instance.remove();
                throw e;
            }
            LiveMonitors.add(monitor);
            monitor.reader.start();
            return monitor;
        }

        private List<TracedFilesystem> filesystems(TraceEnvironment env) throws IOException {
            MountTable table = MountTable.parse(env.mountinfo());
            List<TracedFilesystem> result = new ArrayList<>();
            for (Path path : paths) {
                Path real = path.toRealPath();
                MountInfo mount = table.mountHolding(real).orElseThrow(
                        () -> new IOException("no mount holds " + real + " in mountinfo"));
                TracedFilesystem fs = FilesystemResolver.describe(mount);
                if (!result.contains(fs)) {
                    result.add(fs);
                }
            }
            return result;
        }
    }

    /**
     * The kernel filter for the watched filesystems: their {@code s_dev}, and for a block
     * device under one, its number as the inode of a block-device event. Empty for all.
     */
    static String filter(List<TracedFilesystem> watched) {
        List<String> terms = new ArrayList<>();
        for (TracedFilesystem fs : watched) {
            terms.add("s_dev == " + fs.device().kernelEncoding());
            fs.blockDevice().ifPresent(b -> terms.add("i_ino == " + b.kernelEncoding()));
        }
        return String.join(" || ", terms);
    }

    private void readLoop() {
        try (BufferedReader in = pipe) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!handle(line)) {
                    break;
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            readFailure = e;
        } finally {
            if (queue != null) {
                queue.offer(END); // after the events still queued, which stay pollable
            }
            synchronized (this) {
                flushReached = Long.MAX_VALUE;
                notifyAll();
            }
        }
    }

    /** Handles one line; false when the close marker arrived. */
    private boolean handle(String line) {
        TraceLine parsed;
        try {
            parsed = TraceLine.parse(line);
        } catch (IllegalArgumentException e) {
            unparsed.incrementAndGet();
            return true;
        }
        if (parsed instanceof TraceLine.Event event) {
            deliver(resolver.resolve(event));
        } else if (parsed instanceof TraceLine.Lost lost) {
            lostReported.addAndGet(lost.count());
        } else if (parsed instanceof TraceLine.Marker marker) {
            if (marker.text().equals(CLOSE_MARK) && closed) {
                return false;
            }
            if (marker.text().startsWith(FLUSH_MARK)) {
                reachFlush(Long.parseLong(marker.text().substring(FLUSH_MARK.length())));
            }
        }
        return true;
    }

    private void deliver(WritebackErrorEvent event) {
        if (!watchedDevices.isEmpty() && event.filesystem()
                .map(fs -> !watchedDevices.contains(fs.device())).orElse(true)) {
            return; // the kernel filter is coarser: an inode number that looked like a device
        }
        if (listener != null) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                listenerFailures.incrementAndGet();
            }
            delivered.incrementAndGet();
        } else if (queue.remainingCapacity() > 1 && queue.offer(event)) {
            // The reader is the only producer: the place checked is still free.
            delivered.incrementAndGet();
        } else {
            undelivered.incrementAndGet();
        }
    }

    private synchronized void reachFlush(long sequence) {
        flushReached = Math.max(flushReached, sequence);
        notifyAll();
    }

    /**
     * Waits until every event traced before this call has been delivered (to the listener,
     * or into the queue): it writes a marker into the instance's buffer and waits for the
     * reader to reach it.
     *
     * @param timeout how long to wait at most
     * @return true if the reader reached the marker in time
     * @throws IOException if the marker cannot be written
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalStateException if the monitor is closed
     */
    public boolean flush(Duration timeout) throws IOException, InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        requireOpen();
        long sequence = flushRequested.incrementAndGet();
        instance.mark(FLUSH_MARK + sequence);
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (flushReached < sequence) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
        return readFailure == null;
    }

    /**
     * The next event, waiting up to {@code timeout}.
     *
     * @param timeout how long to wait
     * @return the event, or null if none came in time or the monitor is closed and drained
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalStateException if the monitor delivers to a listener
     */
    public WritebackErrorEvent poll(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        Object next = requireQueue().poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (next == END) {
            queue.offer(END);
            return null;
        }
        return (WritebackErrorEvent) next;
    }

    /**
     * The next event, waiting as long as it takes.
     *
     * @return the event
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalStateException if the monitor is closed and drained, or delivers to a
     *     listener
     */
    public WritebackErrorEvent take() throws InterruptedException {
        Object next = requireQueue().take();
        if (next == END) {
            queue.offer(END);
            throw new IllegalStateException("the monitor is closed" + failureNote());
        }
        return (WritebackErrorEvent) next;
    }

    /**
     * The events as a blocking stream, in trace order; it ends when the monitor is closed.
     *
     * @return a sequential stream
     * @throws IllegalStateException if the monitor delivers to a listener
     */
    public Stream<WritebackErrorEvent> stream() {
        BlockingQueue<Object> q = requireQueue();
        Spliterator<WritebackErrorEvent> events = new Spliterators.AbstractSpliterator<>(
                Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL) {
            @Override
            public boolean tryAdvance(Consumer<? super WritebackErrorEvent> action) {
                Object next;
                try {
                    next = q.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                if (next == END) {
                    q.offer(END);
                    return false;
                }
                action.accept((WritebackErrorEvent) next);
                return true;
            }
        };
        return StreamSupport.stream(events, false);
    }

    /**
     * What could not be delivered so far, and what was.
     *
     * @return the counts
     * @throws UncheckedIOException if the instance's statistics cannot be read
     */
    public MonitorStatistics statistics() {
        long kernel;
        try {
            kernel = closed ? lostAtClose : instance.lostInKernel();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new MonitorStatistics(kernel, lostReported.get(), undelivered.get(),
                listenerFailures.get(), unparsed.get(), delivered.get());
    }

    /**
     * The watched filesystems.
     *
     * @return empty if every filesystem is watched
     */
    public List<TracedFilesystem> filesystems() {
        return watched;
    }

    /**
     * The private tracefs instance.
     *
     * @return its directory, such as {@code /sys/kernel/tracing/instances/errseq-4711-1}
     */
    public Path instanceDirectory() {
        return instance.directory();
    }

    /**
     * Whether the reader thread is still reading.
     *
     * @return false after close, or after the reader failed
     */
    public boolean isRunning() {
        return reader.isAlive();
    }

    /**
     * Stops reading and removes the instance (and with it the enabled events and the buffer).
     * Events still queued can be polled afterwards; closing twice is harmless.
     *
     * @throws IOException if the instance could not be removed (it is then left in tracefs
     *     and named in the message; the next monitor's start removes it)
     */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        LiveMonitors.remove(this);
        IOException failure = null;
        try {
            lostAtClose = instance.lostInKernel();
        } catch (IOException e) {
            failure = e;
        }
        try {
            if (reader.isAlive()) {
                instance.mark(CLOSE_MARK); // wakes the reader blocked in read(2)
            }
            reader.join(CLOSE_WAIT.toMillis());
        } catch (IOException e) {
            failure = failure == null ? e : failure;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (reader.isAlive()) {
            IOException stuck = new IOException("the reader of " + instance + " did not stop"
                    + " within " + CLOSE_WAIT + "; the instance is left for the next start");
            if (failure != null) {
                stuck.addSuppressed(failure);
            }
            throw stuck;
        }
        instance.remove();
        if (failure != null) {
            throw failure;
        }
    }

    private BlockingQueue<Object> requireQueue() {
        if (queue == null) {
            throw new IllegalStateException("this monitor delivers to its listener");
        }
        return queue;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the monitor is closed");
        }
    }

    private String failureNote() {
        Throwable failure = readFailure;
        return failure == null ? "" : " (reading failed: " + failure + ")";
    }

    @Override
    public String toString() {
        return "WritebackErrorMonitor[" + instance + (watched.isEmpty() ? ", all filesystems"
                : ", " + watched) + (closed ? ", closed" : "") + "]";
    }
}
