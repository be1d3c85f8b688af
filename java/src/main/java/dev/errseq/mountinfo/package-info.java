/**
 * The mount table, {@code /proc/self/mountinfo}, parsed: which filesystem holds a path, its
 * type, device and options. It depends on nothing else in the library, so every other part
 * (the native loader's noexec check, the overlay helpers, the tracing monitor) can use it.
 */
package dev.errseq.mountinfo;
