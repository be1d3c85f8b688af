package dev.errseq.cli.conformance;

/** How a watcher opens what it watches. */
enum Opener {
    /** {@link dev.errseq.fs.FsHandle#open}: read-only, the library's own watcher. */
    HANDLE,
    /** A JDK FileChannel opened read-write, synced through {@link dev.errseq.fs.FileSyncs}. */
    CHANNEL,
    /** A volatile overlay mounted with its upper layer on the filesystem, and a handle on it. */
    VOLATILE_OVERLAY
}
