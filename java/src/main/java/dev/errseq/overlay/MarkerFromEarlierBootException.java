package dev.errseq.overlay;

import java.io.IOException;

/**
 * {@link VolatileDirtyMarker#recover} refused: the marker was made before the running boot.
 * The machine went down while, or after, the volatile overlay was mounted; if that was a
 * crash, what the overlay had written but the kernel had not yet written back is gone, and the
 * upper filesystem's errseq word (which starts afresh at every mount) cannot tell. Only the
 * user knows whether the machine went down cleanly; if it did, delete the marker's
 * {@code volatile} directory by hand.
 */
public final class MarkerFromEarlierBootException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient VolatileDirtyMarker marker;

    MarkerFromEarlierBootException(VolatileDirtyMarker marker) {
        super(marker.dirtyFile() + " is older than the running boot: the machine went down"
                + " after the volatile mount, and if it crashed the upper layer may be missing"
                + " data, which no writeback error can show any more; the marker was kept"
                + " (remove " + marker.volatileDir() + " yourself if the shutdown was clean)");
        this.marker = marker;
    }

    /**
     * The marker that was kept.
     *
     * @return the marker that was kept
     */
    public VolatileDirtyMarker marker() {
        return marker;
    }
}
