package dev.errseq.testkit;

import java.util.Optional;

/**
 * Run in a child JVM: prints what {@link Skip#ifMissing} throws for a missing prerequisite,
 * and what {@link Prerequisites} says of this process, so the parent can check both in an
 * environment (variables, user) other than its own.
 */
public final class SkipProbe {
    private SkipProbe() {
    }

    public static void main(String[] args) {
        System.out.println("MISSING " + Prerequisites.missingFor(FilesystemKind.EXT4).orElse("nothing"));
        if (args.length > 0 && args[0].equals("prerequisites-only")) {
            return;
        }
        try {
            System.out.println("PART " + Skip.partUnlessMissing("the replay",
                    Optional.of("no tracefs here")));
        } catch (Throwable t) {
            System.out.println("PART THREW " + t.getClass().getName() + ": " + t.getMessage());
        }
        try {
            Skip.ifMissing(Optional.of("no loop devices here"));
            System.out.println("THREW nothing");
        } catch (Throwable t) {
            System.out.println("THREW " + t.getClass().getName() + ": " + t.getMessage());
        }
    }
}
