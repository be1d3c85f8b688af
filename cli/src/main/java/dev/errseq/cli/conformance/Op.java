package dev.errseq.cli.conformance;

/** The calls that report writeback errors, and which word each one reports. */
enum Op {
    FSYNC("fsync"),
    FDATASYNC("fdatasync"),
    SYNCFS("syncfs"),
    /**
     * syncfs on a volatile overlay: the overlay checks its upper superblock's word against the
     * sample it took at mount (errseq_check, consuming nothing) and answers EIO while they
     * differ, whatever errno the upper filesystem stored.
     */
    OVERLAY_SYNCFS("syncfs on the overlay");

    final String label;

    Op(String label) {
        this.label = label;
    }

    /** fsync and fdatasync report the file's word; the others the superblock's. */
    boolean reportsFileWord() {
        return this == FSYNC || this == FDATASYNC;
    }
}
