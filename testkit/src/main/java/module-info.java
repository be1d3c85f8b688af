/**
 * errseq-testkit: real filesystems whose writeback fails on demand, for JUnit 5 tests.
 */
module dev.errseq.testkit {
    requires transitive dev.errseq;
    requires transitive org.junit.jupiter.api;

    exports dev.errseq.testkit;
}
