package dev.errseq.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT and SIGTERM as a request to stop, for a command that runs until told to. Without
 * this the JVM would exit from the signal with status 130 or 143; with it the command closes
 * what it opened, prints its summary and exits 0. A second signal during that stop exits at
 * once as the JVM would have (status 130 or 143; the shutdown hooks still run), for a stop
 * that hangs.
 */
final class StopSignals implements AutoCloseable {
    private static final List<String> NAMES = List.of("INT", "TERM");

    private final CountDownLatch stop = new CountDownLatch(1);
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private StopSignals() {
    }

    /** Installs the handlers; {@link #close()} puts the previous ones back. */
    static StopSignals install() {
        StopSignals stopSignals = new StopSignals();
        for (String name : NAMES) {
            Signal signal = new Signal(name);
            stopSignals.previous.add(Signal.handle(signal, stopSignals::received));
            stopSignals.signals.add(signal);
        }
        return stopSignals;
    }

    private void received(Signal signal) {
        if (stop.getCount() == 0) {
            // What the JVM does on its own: status 128 + the signal, shutdown hooks run.
            Runtime.getRuntime().exit(128 + signal.getNumber());
        }
        stop.countDown();
    }

    /** Whether a stop was requested. */
    boolean requested() {
        return stop.getCount() == 0;
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
