package dev.errseq.cli.conformance;

import dev.errseq.Errno;
import dev.errseq.ErrseqCursor;
import dev.errseq.ErrseqWord;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The library's words, modelling the kernel's: one per file mapping
 * ({@code mapping->wb_err}), one for the superblock ({@code sb->s_wb_err}). Opening samples
 * both (the kernel's {@code f_wb_err} and {@code f_sb_err}); a writeback error sets both
 * ({@code mapping_set_error}); fsync and fdatasync advance the mapping cursor
 * ({@code file_check_and_advance_wb_err}), syncfs the superblock cursor; a volatile overlay
 * checks the superblock word against its mount-time sample without advancing and answers EIO;
 * sync(2), writes, heal and close change no word. The two hooks, {@link #watch} and
 * {@link #report}, are protected so that tests can check that the scenarios notice a model
 * that gets them wrong.
 */
public class ModelWorld extends World implements AutoCloseable {
    private final Supplier<ErrseqWord> newWord;
    private final int fileErrno;
    private final int sbErrno;
    private final ErrseqWord superblock;
    private final Map<String, ErrseqWord> mappings = new LinkedHashMap<>();
    /** Per open watcher: its f_wb_err (index 0) and f_sb_err (index 1). */
    private final Map<String, ErrseqCursor[]> cursors = new LinkedHashMap<>();

    /**
     * @param newWord makes each word: the C core's or the Java twin's, upstream layout
     * @param fileErrno the errno a writeback error stores in the file's word
     * @param sbErrno the errno the superblock's word ends up with (the file's, or a metadata
     *     buffer's set after it)
     */
    public ModelWorld(Supplier<ErrseqWord> newWord, int fileErrno, int sbErrno) {
        this.newWord = newWord;
        this.fileErrno = fileErrno;
        this.sbErrno = sbErrno;
        this.superblock = newWord.get();
    }

    private ErrseqWord mapping(String file) {
        return mappings.computeIfAbsent(file, f -> newWord.get());
    }

    @Override
    void create(String file) {
        mapping(file); // a new inode's mapping starts at the epoch
    }

    @Override
    void doOpen(String watcher, String file, Opener how) {
        cursors.put(watcher, new ErrseqCursor[] {watch(mapping(file)), watch(superblock)});
    }

    @Override
    void doWrite(String watcher, long offset, int length) {
        // Dirtying pages changes no word.
    }

    @Override
    String doWritebackError(String file) {
        mapping(file).set(-fileErrno);
        superblock.set(-fileErrno);
        if (sbErrno != fileErrno) {
            superblock.set(-sbErrno);
        }
        return "";
    }

    @Override
    void doSync() {
        // sync(2) waits with filemap_fdatawait_keep_errors: it reports to no one.
    }

    @Override
    void doHeal() {
        // A tmpfs with room again changes no word.
    }

    @Override
    void doClose(String watcher) {
        cursors.remove(watcher);
    }

    @Override
    int call(String watcher, Op op) {
        ErrseqCursor[] pair = Objects.requireNonNull(cursors.get(watcher),
                () -> "no open watcher " + watcher);
        if (op == Op.OVERLAY_SYNCFS) {
            // ovl_sync_status: errseq_check on the upper superblock, then a plain -EIO.
            return pair[1].check() == 0 ? 0 : Errno.EIO;
        }
        return report(op.reportsFileWord() ? pair[0] : pair[1]);
    }

    /**
     * What open(2) does to each word: errseq_sample.
     *
     * @param word the file's or the superblock's word
     * @return the new watcher's cursor on it
     */
    protected ErrseqCursor watch(ErrseqWord word) {
        return word.watch();
    }

    /**
     * What a sync does with the watcher's cursor: errseq_check_and_advance.
     *
     * @param cursor the watcher's cursor on the word the sync reports
     * @return 0, or the positive errno reported
     */
    protected int report(ErrseqCursor cursor) {
        return -cursor.checkAndAdvance();
    }

    /** Frees every word. */
    @Override
    public void close() {
        mappings.values().forEach(ErrseqWord::close);
        superblock.close();
    }
}
