import static org.junit.jupiter.api.Assertions.assertThrows;
import dev.errseq.testkit.Faulty;
import dev.errseq.testkit.FaultyFilesystem;
import dev.errseq.testkit.FaultyFilesystemExtension;
import dev.errseq.testkit.FilesystemKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FaultyFilesystemExtension.class)
class FsyncReportsLostWritesTest {
    @Test
    void fsyncFailsOnceThenLies(@Faulty(FilesystemKind.XFS) FaultyFilesystem fs) throws IOException {
        try (FileChannel file = FileChannel.open(fs.root().resolve("data"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            fs.failWrites();                       // from now on, writeback into new blocks fails
            file.write(ByteBuffer.allocate(65536)); // accepted by the page cache
            assertThrows(IOException.class, () -> file.force(true)); // fsync: ENOSPC
            file.force(true);                      // the retry succeeds, though the data is lost
        }
    }
}
