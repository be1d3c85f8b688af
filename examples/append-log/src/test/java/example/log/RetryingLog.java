package example.log;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The strategy fsyncgate showed wrong, kept here to be proven so: when a force fails, force
 * again, and call the record durable if the retry succeeds. The kernel reports a writeback
 * error to each descriptor once, so the retry succeeds while the pages it could not write
 * are gone.
 */
final class RetryingLog implements Closeable {
    private final FileChannel channel;

    private RetryingLog(FileChannel channel) {
        this.channel = channel;
    }

    static RetryingLog open(Path file) throws IOException {
        return new RetryingLog(FileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND));
    }

    /** Appends {@code record}; returns once a force, first or retried, succeeded. */
    void append(byte[] record) throws IOException {
        var data = Records.frame(record);
        while (data.hasRemaining()) {
            channel.write(data);
        }
        try {
            channel.force(false);
        } catch (IOException e) {
            channel.force(false);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
