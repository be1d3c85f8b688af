package dev.errseq.overlay;

import dev.errseq.fs.Assumptions;
import dev.errseq.fs.ErrnoException;
import dev.errseq.fs.LoopFilesystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The layers of a test overlay, all on one {@link LoopFilesystem} (so its writeback errors
 * are the upper filesystem's):
 *
 * <pre>
 * &lt;fixture mount point&gt;/
 *     lower/hello   a file the overlay shows from the lower layer
 *     upper/ work/  the upper layer and the workdir
 *     merged/       where overlays are mounted (deeper than the fixture's own mount, so the
 *                   fixture's teardown would unmount it first if a test left it behind)
 * </pre>
 *
 * <p>{@link #close} unmounts every overlay mounted through {@link #mount} that is still
 * mounted (lazily if it is busy), then tears the loop filesystem down.
 */
final class OverlayLayers implements AutoCloseable {
    final LoopFilesystem fs;
    final Path lower;
    final Path upper;
    final Path work;
    final Path merged;
    private final List<VolatileOverlay> overlays = new ArrayList<>();

    private OverlayLayers(LoopFilesystem fs) {
        this.fs = fs;
        Path root = fs.mountPoint();
        this.lower = root.resolve("lower");
        this.upper = root.resolve("upper");
        this.work = root.resolve("work");
        this.merged = root.resolve("merged");
    }

    /** Skips the test where volatile overlays cannot be tested; else makes the layers. */
    static OverlayLayers create(LoopFilesystem.Kind kind) throws IOException {
        Assumptions.assumeVolatileOverlay(kind);
        OverlayLayers layers = new OverlayLayers(LoopFilesystem.create(kind));
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

    /** Unmounts {@code overlay} at close unless the test did. */
    VolatileOverlay track(VolatileOverlay overlay) {
        overlays.add(overlay);
        return overlay;
    }

    @Override
    public void close() throws IOException {
        List<Throwable> errors = new ArrayList<>();
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
