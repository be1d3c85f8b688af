package dev.errseq.cli.conformance;

import java.io.IOException;

/** The steps of a scenario, written once in terms any {@link World} can play. */
@FunctionalInterface
interface Program {
    void play(World world) throws IOException;
}
