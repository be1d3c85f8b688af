package dev.errseq.overlay;

import dev.errseq.Errno;
import dev.errseq.fs.ErrnoException;
import dev.errseq.internal.CStrings;
import dev.errseq.internal.MountNatives;
import dev.errseq.internal.NativeLibrary;
import dev.errseq.testkit.FaultyFilesystem;
import dev.errseq.testkit.FilesystemKind;
import dev.errseq.testkit.Prerequisites;
import dev.errseq.testkit.Skip;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The layers of a test overlay, all on one {@link FaultyFilesystem} (so its writeback errors
 * are the upper filesystem's):
 *
 * <pre>
 * &lt;the FaultyFilesystem's root&gt;/
 *     lower/hello   a file the overlay shows from the lower layer
 *     upper/ work/  the upper layer and the workdir
 *     merged/       where overlays are mounted (deeper than the filesystem's own mount, so the
 *                   testkit's teardown would unmount it first if a test left it behind)
 * </pre>
 *
 * <p>{@link #close} unmounts every overlay mounted through {@link #mount} or
 * {@link #mountNonVolatile} that is still mounted (lazily if it is busy), then tears the faulty
 * filesystem down.
 */
final class OverlayLayers implements AutoCloseable {
    final FaultyFilesystem fs;
    final Path lower;
    final Path upper;
    final Path work;
    final Path merged;
    private final List<VolatileOverlay> overlays = new ArrayList<>();
    private final List<PlainOverlay> plain = new ArrayList<>();

    private OverlayLayers(FaultyFilesystem fs) {
        this.fs = fs;
        Path root = fs.root();
        this.lower = root.resolve("lower");
        this.upper = root.resolve("upper");
        this.work = root.resolve("work");
        this.merged = root.resolve("merged");
    }

    /** Skips the test where volatile overlays cannot be tested; else makes the layers. */
    static OverlayLayers create(FilesystemKind kind) throws IOException {
        Skip.ifMissing(Prerequisites.missingForVolatileOverlay(kind));
        OverlayLayers layers = new OverlayLayers(FaultyFilesystem.create(kind));
        try {
            for (Path dir : List.of(layers.lower, layers.upper, layers.work, layers.merged)) {
                Files.createDirectory(dir);
            }
            Files.writeString(layers.lower.resolve("hello"), "from the lower layer\n");
        } catch (IOException | RuntimeException e) {
            layers.fs.close();
            throw e;
        }
        return layers;
    }

    /** A volatile overlay of lower and upper on merged. */
    VolatileOverlay mount() throws ErrnoException {
        return track(VolatileOverlay.mount(lower, upper, work, merged));
    }

    /**
     * A non-volatile overlay of the same layers on merged, for comparison (the API mounts only
     * volatile ones); closing it unmounts it.
     */
    PlainOverlay mountNonVolatile() throws IOException {
        NativeLibrary.load();
        String options = VolatileOverlay.layerOptions(List.of(lower), upper, work);
        int rc = MountNatives.mount(CStrings.of("overlay"), CStrings.of(merged.toString()),
                CStrings.of("overlay"), 0L, CStrings.of(options));
        if (rc < 0) {
            throw new IOException("mount -t overlay -o " + options + " " + merged + ": "
                    + Errno.name(rc));
        }
        PlainOverlay overlay = new PlainOverlay(merged);
        plain.add(overlay);
        return overlay;
    }

    /** A non-volatile overlay mounted by {@link #mountNonVolatile}. */
    static final class PlainOverlay implements AutoCloseable {
        private final Path target;
        private boolean mounted = true;

        private PlainOverlay(Path target) {
            this.target = target;
        }

        @Override
        public void close() throws IOException {
            unmount(0);
        }

        void detach() throws IOException {
            unmount(MountNatives.MNT_DETACH);
        }

        private void unmount(int flags) throws IOException {
            if (mounted) {
                int rc = MountNatives.umount(CStrings.of(target.toString()), flags);
                if (rc < 0) {
                    throw new IOException("umount " + target + ": " + Errno.name(rc));
                }
                mounted = false;
            }
        }
    }

    /** Unmounts {@code overlay} at close unless the test did. */
    VolatileOverlay track(VolatileOverlay overlay) {
        overlays.add(overlay);
        return overlay;
    }

    @Override
    public void close() throws IOException {
        List<Throwable> errors = new ArrayList<>();
        for (PlainOverlay overlay : plain) {
            try {
                overlay.close();
            } catch (IOException busy) {
                try {
                    overlay.detach();
                } catch (IOException e) {
                    errors.add(e);
                }
            }
        }
        for (VolatileOverlay overlay : overlays) {
            try {
                overlay.close();
            } catch (IOException busy) {
                try {
                    overlay.detach();
                } catch (IOException e) {
                    errors.add(e);
                }
            }
        }
        try {
            fs.close();
        } catch (IOException e) {
            errors.add(e);
        }
        if (!errors.isEmpty()) {
            IOException first = new IOException("closing overlay layers: " + errors.get(0),
                    errors.get(0));
            errors.subList(1, errors.size()).forEach(first::addSuppressed);
            throw first;
        }
    }
}
