package dev.errseq.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Where {@code --metrics} listens: {@code HOST:PORT}, the host a name or an address
 * ({@code [::1]} for IPv6), the port 0 to 65535 (0: any free port, printed at start).
 *
 * @param host the host name or address to bind
 * @param port the TCP port
 */
record MetricsAddress(String host, int port) {
    static MetricsAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not HOST:PORT (write it like"
                    + " 127.0.0.1:9464)");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535 || host.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' is not HOST:PORT with a port of 0"
                    + " to 65535 (write it like 127.0.0.1:9464)");
        }
        return new MetricsAddress(host, port);
    }

    /** The URL of the metrics on this address and the port actually bound. */
    String url(int boundPort) {
        String shown = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + shown + ":" + boundPort + "/metrics";
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** For picocli: a bad address is a usage error (64). */
    static final class Converter implements ITypeConverter<MetricsAddress> {
        @Override
        public MetricsAddress convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
