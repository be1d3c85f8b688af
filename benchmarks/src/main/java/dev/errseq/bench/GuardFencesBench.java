package dev.errseq.bench;

import dev.errseq.internal.NativeLibrary;
import org.openjdk.jmh.annotations.Fork;

/**
 * {@link GuardedCalls}, the fd guard's half of {@link GuardBench}, with
 * {@code -Derrseq.guard=fences}: a fence in every call, no membarrier.
 */
@Fork(value = Settings.FORKS, jvmArgsAppend = {Settings.NATIVE_ACCESS,
        "-D" + NativeLibrary.GUARD_PROPERTY + "=fences"})
public class GuardFencesBench extends GuardedCalls {
}
