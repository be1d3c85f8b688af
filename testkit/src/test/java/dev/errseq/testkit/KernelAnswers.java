package dev.errseq.testkit;

import dev.errseq.Errno;
import dev.errseq.fs.ErrnoException;
import dev.errseq.fs.FileSyncs;
import dev.errseq.fs.FsHandle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The kernel's answers in the words of the traps table: "0" for success, the errno's name
 * for a failed sync, and what a read of failed pages returned.
 */
final class KernelAnswers {
    /** The answer of a sync call that succeeded. */
    static final String OK = "0";

    private KernelAnswers() {
    }

    /** Appends {@code bytes} bytes of {@code value} through {@code channel}. */
    static void append(FileChannel channel, int bytes, byte value) throws IOException {
        ByteBuffer data = filled(bytes, value);
        long end = channel.size();
        while (data.hasRemaining()) {
            channel.write(data, end + data.position());
        }
    }

    private static ByteBuffer filled(int bytes, byte value) {
        ByteBuffer data = ByteBuffer.allocate(bytes);
        while (data.hasRemaining()) {
            data.put(value);
        }
        return data.flip();
    }

    /** Writes {@code bytes} bytes of {@code value} from the start of {@code channel}'s file. */
    static void overwrite(FileChannel channel, int bytes, byte value) throws IOException {
        ByteBuffer data = filled(bytes, value);
        while (data.hasRemaining()) {
            channel.write(data, data.position());
        }
    }

    /** Writes {@code bytes} bytes of {@code value} at the end of {@code file} and closes it. */
    static void append(Path file, int bytes, byte value) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            append(channel, bytes, value);
        }
    }

    /** fsync(2) on {@code channel}: "0" or the errno's name. */
    static String fsync(FileChannel channel) {
        return answer(() -> FileSyncs.fsync(channel));
    }

    /** fsync(2) on {@code handle}: "0" or the errno's name. */
    static String fsync(FsHandle handle) {
        return answer(handle::fsync);
    }

    /** Lucene's IOUtils.fsync: a new descriptor on {@code file}, fsync(2), close. */
    static String fsyncByNewDescriptor(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            return fsync(channel);
        }
    }

    /** syncfs(2) on {@code handle}: "0" or the errno's name. */
    static String syncfs(FsHandle handle) {
        return answer(handle::syncfs);
    }

    /** A sync call that fails with an errno. */
    private interface SyncCall {
        void run() throws ErrnoException;
    }

    private static String answer(SyncCall call) {
        try {
            call.run();
            return OK;
        } catch (ErrnoException e) {
            return Errno.name(e.errno());
        }
    }

    /**
     * Reads {@code length} bytes of {@code file} from {@code offset} through a new descriptor
     * and says what came back: "the written bytes" (every byte {@code written}), "the old
     * bytes" (every byte {@code old}, which was there before), "zeros", "end of file at N" (the
     * file is shorter now), "EIO" (the read failed), or a count of each kind of byte when they
     * are mixed.
     */
    static String readBack(Path file, long offset, int length, byte written, byte old)
            throws IOException {
        ByteBuffer data = ByteBuffer.allocate(length);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < offset + length) {
                return "end of file at " + size;
            }
            while (data.hasRemaining()) {
                if (channel.read(data, offset + data.position()) < 0) {
                    return "end of file at " + (offset + data.position());
                }
            }
        } catch (IOException e) {
            return e.getMessage().equals("Input/output error") ? "EIO" : e.toString();
        }
        return describe(data.flip(), written, old);
    }

    private static String describe(ByteBuffer data, byte written, byte old) {
        int same = 0;
        int before = 0;
        int zero = 0;
        while (data.hasRemaining()) {
            byte b = data.get();
            if (b == written) {
                same++;
            } else if (b == old) {
                before++;
            } else if (b == 0) {
                zero++;
            }
        }
        int length = data.limit();
        if (same == length) {
            return "the written bytes";
        }
        if (before == length) {
            return "the old bytes";
        }
        if (zero == length) {
            return "zeros";
        }
        return same + " written, " + before + " old, " + zero + " zero, "
                + (length - same - before - zero) + " other bytes";
    }

}
