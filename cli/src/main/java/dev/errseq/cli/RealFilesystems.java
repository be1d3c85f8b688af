package dev.errseq.cli;

import dev.errseq.testkit.FilesystemKind;
import dev.errseq.testkit.Prerequisites;
import java.util.List;
import java.util.Optional;

/**
 * Whether this machine can make the real filesystems that fail on demand (the testkit's), and
 * if not, the problem as a command states it: not root is 77, anything else missing is 69.
 */
final class RealFilesystems {
    private RealFilesystems() {
    }

    /**
     * @param kinds the filesystems wanted
     * @param overlay whether a volatile overlay on them is wanted too
     * @return what is missing, with its exit status and fix; empty if nothing is
     */
    static Optional<Problem> missingFor(List<FilesystemKind> kinds, boolean overlay) {
        long euid = Prerequisites.effectiveUid();
        if (euid != 0) {
            return Optional.of(new Problem(ExitCodes.NO_PERM, "real filesystems on loop devices"
                    + " need root: this process runs with effective uid " + euid + "; run it as"
                    + " root"));
        }
        Optional<String> missing = Prerequisites.missingForSyncfsErrors()
                .or(Prerequisites::missingForTracing);
        for (FilesystemKind kind : kinds) {
            missing = missing.or(() -> overlay ? Prerequisites.missingForVolatileOverlay(kind)
                    : Prerequisites.missingFor(kind));
        }
        return missing.map(why -> new Problem(ExitCodes.UNAVAILABLE, "cannot make real"
                + " filesystems here: " + why));
    }
}
