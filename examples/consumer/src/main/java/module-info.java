/** A program that uses errseq-jni, as a named module: it needs only {@code dev.errseq}. */
module example.consumer {
    requires dev.errseq;
}
