package dev.errseq.overlay;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Removes the directory trees a probe made. Links are removed, never followed, so a tree can
 * only ever lose what is inside it.
 */
final class Trees {
    private Trees() {
    }

    /** Deletes {@code root} and everything in it, if it exists; a failure goes to errors. */
    static void delete(Path root, List<IOException> errors) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                        throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e)
                        throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE; // removed by someone else meanwhile
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e)
                        throws IOException {
                    if (e != null && !(e instanceof NoSuchFileException)) {
                        throw e;
                    }
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            errors.add(e);
        }
    }

    /** Throws the first of {@code errors}, the others suppressed, if there is any. */
    static void throwFirst(List<IOException> errors) throws IOException {
        if (errors.isEmpty()) {
            return;
        }
        IOException first = errors.get(0);
        for (IOException other : errors.subList(1, errors.size())) {
            first.addSuppressed(other);
        }
        throw first;
    }
}
