package dev.errseq.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * SIGINT and SIGTERM as a request to stop, for a command that runs until told to. Without
 * this the JVM would exit from the signal with status 130 or 143; with it the command closes
 * what it opened, prints its summary and exits 0. A second signal during that stop exits at
 * once as the JVM would have (status 130 or 143; the shutdown hooks still run), for a stop
 * that hangs.
 *
 * <p>The JDK's only way to handle a signal is {@code sun.misc.Signal} (module
 * jdk.unsupported, there since Java 1.2 and kept for exactly this use). It is reached through
 * reflection, so that compiling the command against {@code --release 17} raises no warning
 * about an internal API.
 */
final class StopSignals implements AutoCloseable {
    private static final List<String> NAMES = List.of("INT", "TERM");

    private final CountDownLatch stop = new CountDownLatch(1);
    private final List<Object> signals = new ArrayList<>();
    private final List<Object> previous = new ArrayList<>();

    private StopSignals() {
    }

    /** Installs the handlers; {@link #close()} puts the previous ones back. */
    static StopSignals install() {
        StopSignals stopSignals = new StopSignals();
        Object handler = Proxy.newProxyInstance(StopSignals.class.getClassLoader(),
                new Class<?>[] {Api.HANDLER}, stopSignals.new Received());
        for (String name : NAMES) {
            Object signal = Api.newSignal(name);
            stopSignals.previous.add(Api.handle(signal, handler));
            stopSignals.signals.add(signal);
        }
        return stopSignals;
    }

    /** The handler: the first signal asks to stop, a second one exits as the JVM would. */
    private final class Received implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            switch (method.getName()) {
                case "handle" -> received(Api.number(args[0]));
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "toString" -> {
                    return "errseq stop handler";
                }
                default -> throw new UnsupportedOperationException(method.getName());
            }
            return null;
        }
    }

    private void received(int number) {
        if (stop.getCount() == 0) {
            // What the JVM does on its own: status 128 + the signal, shutdown hooks run.
            Runtime.getRuntime().exit(128 + number);
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
            Api.handle(signals.get(i), previous.get(i));
        }
    }

    /** {@code sun.misc.Signal} and {@code sun.misc.SignalHandler}, looked up once. */
    private static final class Api {
        static final Class<?> SIGNAL = type("sun.misc.Signal");
        static final Class<?> HANDLER = type("sun.misc.SignalHandler");

        private static Class<?> type(String name) {
            try {
                return Class.forName(name);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("this JVM has no " + name
                        + " (module jdk.unsupported), so it cannot catch SIGINT and SIGTERM", e);
            }
        }

        static Object newSignal(String name) {
            try {
                return SIGNAL.getConstructor(String.class).newInstance(name);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot name signal " + name, e);
            }
        }

        /** Signal.handle(signal, handler): installs it and returns the one it replaced. */
        static Object handle(Object signal, Object handler) {
            try {
                return SIGNAL.getMethod("handle", SIGNAL, HANDLER).invoke(null, signal, handler);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot handle " + signal, e);
            }
        }

        static int number(Object signal) {
            try {
                return (int) SIGNAL.getMethod("getNumber").invoke(signal);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read the number of " + signal, e);
            }
        }
    }
}
