package example.log;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A tiny append-only log: each record is written, then forced to disk (fsync), before
 * {@link #append} returns. It is fail-stop: once a force has failed, the kernel may already
 * have dropped the dirty pages it could not write, and a retried fsync would report success
 * for data that is gone (fsyncgate). So the log refuses every later append and sync, and the
 * only way on is to close it and recover from what is on disk.
 */
public final class AppendLog implements Closeable {
    private final FileChannel channel;
    private IOException failure;

    private AppendLog(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Opens (or makes) the log at {@code file}; records are appended after what is there.
     *
     * @param file the log's file
     * @return the open log
     * @throws IOException if the file cannot be opened
     */
    public static AppendLog open(Path file) throws IOException {
        return new AppendLog(FileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND));
    }

    /**
     * Appends {@code record} and forces it to disk; when this returns, the record is durable.
     *
     * @param record the record's bytes
     * @throws IOException if writing or forcing failed: the record may be lost, and the log
     *     is failed from now on
     * @throws LogFailedException if an earlier append or sync failed
     */
    public void append(byte[] record) throws IOException {
        checkHealthy();
        try {
            ByteBuffer data = Records.frame(record);
            while (data.hasRemaining()) {
                channel.write(data);
            }
            channel.force(false);
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    /**
     * Forces what was appended to disk again.
     *
     * @throws IOException if forcing failed; the log is failed from now on
     * @throws LogFailedException if an earlier append or sync failed
     */
    public void sync() throws IOException {
        checkHealthy();
        try {
            channel.force(false);
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    /** @return whether an append or sync has failed */
    public boolean isFailed() {
        return failure != null;
    }

    private void checkHealthy() throws LogFailedException {
        if (failure != null) {
            throw new LogFailedException(failure);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
