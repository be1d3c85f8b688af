package dev.errseq.trace;

/**
 * What a monitor could not deliver, so that a quiet monitor is never mistaken for a quiet
 * kernel.
 *
 * @param lostInKernel events the kernel dropped from the instance's ring buffer before they
 *     were read ({@code overrun} plus {@code dropped events} of {@code per_cpu/cpu*}/stats)
 * @param lostReported the sum of the {@code [LOST N EVENTS]} lines trace_pipe printed; the
 *     same losses as {@code lostInKernel}, counted when reading reached them
 * @param undelivered events read but not queued because the poll queue was full
 * @param listenerFailures events whose listener threw
 * @param unparsed filemap lines whose fields had an unexpected form
 * @param delivered events handed to the listener or the queue
 */
public record MonitorStatistics(long lostInKernel, long lostReported, long undelivered,
        long listenerFailures, long unparsed, long delivered) {

    /**
     * Every event that happened but did not reach the caller.
     *
     * @return the larger of the two kernel counts, plus the undelivered and unparsed events
     */
    public long missed() {
        return Math.max(lostInKernel, lostReported) + undelivered + unparsed;
    }
}
