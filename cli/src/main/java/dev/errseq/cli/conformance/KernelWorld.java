package dev.errseq.cli.conformance;

import dev.errseq.fs.FileSyncs;
import dev.errseq.fs.FsHandle;
import dev.errseq.fs.FsUsageException;
import dev.errseq.fs.WritebackErrorException;
import dev.errseq.overlay.VolatileOverlay;
import dev.errseq.testkit.FaultyFilesystem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The running kernel, through the library's FsHandle and FileSyncs on a real filesystem. */
final class KernelWorld extends World {
    private final FaultyFilesystem fs;
    private final Map<String, FsHandle> handles = new LinkedHashMap<>();
    private final Map<String, FileChannel> channels = new LinkedHashMap<>();
    private final Map<String, VolatileOverlay> overlays = new LinkedHashMap<>();
    /** (op, errno) of every report, in order. */
    private final List<int[]> events = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    KernelWorld(FaultyFilesystem fs) {
        this.fs = fs;
    }

    Path resolve(String file) {
        return fs.root().resolve(file).normalize();
    }

    @Override
    void create(String file) throws IOException {
        Files.createFile(resolve(file));
    }

    @Override
    void doOpen(String watcher, String file, Opener how) throws IOException {
        switch (how) {
            case HANDLE -> handles.put(watcher, FsHandle.open(resolve(file)));
            case CHANNEL -> channels.put(watcher, FileChannel.open(resolve(file),
                    StandardOpenOption.READ, StandardOpenOption.WRITE));
            case VOLATILE_OVERLAY -> {
                VolatileOverlay overlay = fs.mountVolatileOverlay();
                overlays.put(watcher, overlay);
                handles.put(watcher, FsHandle.open(overlay.target()));
            }
        }
    }

    @Override
    void doWrite(String watcher, long offset, int length) throws IOException {
        FileChannel channel = Objects.requireNonNull(channels.get(watcher),
                () -> watcher + " is no open FileChannel");
        ByteBuffer data = ByteBuffer.allocate(length);
        while (data.hasRemaining()) {
            data.put((byte) watcher.charAt(0));
        }
        data.flip();
        long position = offset;
        while (data.hasRemaining()) {
            position += channel.write(data, position);
        }
    }

    @Override
    String doWritebackError(String file) throws IOException {
        return fs.causeWritebackError(resolve(file)).toString();
    }

    @Override
    void doSync() throws IOException {
        fs.sync();
    }

    @Override
    void doHeal() throws IOException {
        fs.heal();
    }

    @Override
    void doClose(String watcher) throws IOException {
        FsHandle handle = handles.remove(watcher);
        if (handle != null) {
            handle.close();
        }
        FileChannel channel = channels.remove(watcher);
        if (channel != null) {
            channel.close();
        }
        VolatileOverlay overlay = overlays.remove(watcher);
        if (overlay != null) {
            overlay.close();
        }
    }

    @Override
    int call(String watcher, Op op) throws IOException {
        int errno = 0;
        try {
            FsHandle handle = handles.get(watcher);
            if (handle != null) {
                switch (op) {
                    case FSYNC -> handle.fsync();
                    case FDATASYNC -> handle.fdatasync();
                    case SYNCFS, OVERLAY_SYNCFS -> handle.syncfs();
                }
            } else {
                FileChannel channel = Objects.requireNonNull(channels.get(watcher),
                        () -> "no open watcher " + watcher);
                switch (op) {
                    case FSYNC -> FileSyncs.fsync(channel);
                    case FDATASYNC -> FileSyncs.fdatasync(channel);
                    case SYNCFS, OVERLAY_SYNCFS -> FileSyncs.syncfs(channel);
                }
            }
        } catch (WritebackErrorException e) {
            errno = e.errno();
        } catch (FsUsageException e) {
            // Still the kernel's answer; it will not match the model, and this says why.
            errno = e.errno();
            notes.add(watcher + "." + op.label + " threw FsUsageException " + e.errnoName()
                    + " (not a writeback error): " + e.getMessage());
        }
        events.add(new int[] {op.ordinal(), errno});
        return errno;
    }

    /**
     * The first errno fsync or fdatasync ({@code fileWord}) or syncfs of the filesystem itself
     * reported; or 0. An overlay's answer is its own EIO, not the word's errno.
     */
    int firstError(boolean fileWord) {
        for (int[] event : events) {
            Op op = Op.values()[event[0]];
            if (event[1] != 0 && op != Op.OVERLAY_SYNCFS && op.reportsFileWord() == fileWord) {
                return event[1];
            }
        }
        return 0;
    }

    /** Closes every watcher (handles before the overlays they are on) before unmounting. */
    void closeAll() throws IOException {
        IOException first = null;
        List<String> watchers = new ArrayList<>(handles.keySet());
        watchers.addAll(channels.keySet());
        watchers.addAll(overlays.keySet());
        for (String watcher : watchers) {
            try {
                doClose(watcher);
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
