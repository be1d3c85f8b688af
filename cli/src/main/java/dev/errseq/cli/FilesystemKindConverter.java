package dev.errseq.cli;

import dev.errseq.testkit.FilesystemKind;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --fs ext4}: a filesystem the testkit can make, by the name mount(8) knows it by. */
final class FilesystemKindConverter implements ITypeConverter<FilesystemKind> {
    @Override
    public FilesystemKind convert(String value) {
        for (FilesystemKind kind : FilesystemKind.values()) {
            if (kind.fsName().equals(value)) {
                return kind;
            }
        }
        throw new TypeConversionException("'" + value + "' is not a filesystem errseq can make"
                + " (write ext4, xfs or btrfs, separated by commas)");
    }
}
