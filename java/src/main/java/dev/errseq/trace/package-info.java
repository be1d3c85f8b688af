/**
 * The kernel's own writeback-error words, watched live and without consuming anything.
 *
 * <p>Linux traces every change of an inode mapping's errseq word
 * ({@code filemap:filemap_set_wb_err}) and every open file's cursor that an fsync moved
 * ({@code filemap:file_check_and_advance_wb_err}). Reading those events takes no error away
 * from any watcher, unlike fsync or syncfs. {@link dev.errseq.trace.WritebackErrorMonitor}
 * enables the two events in a private tracefs instance and delivers them as typed
 * {@link dev.errseq.trace.WritebackErrorEvent}s; {@link dev.errseq.trace.TraceReplay} feeds the
 * events of one inode to the library's word and says whether it reproduces every traced word
 * bit for bit.
 */
package dev.errseq.trace;
