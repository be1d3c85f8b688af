package example.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The log's format: each record is its length (4 bytes), the CRC-32 of its bytes (4 bytes),
 * then its bytes. Reading stops at the first frame that is not whole or whose checksum does
 * not match: zeros where a record was written but never reached the disk, or a torn record
 * whose first block landed and whose others did not.
 */
public final class Records {
    private static final int HEADER = 8;

    private Records() {
    }

    private static int crc(byte[] record) {
        CRC32 crc = new CRC32();
        crc.update(record);
        return (int) crc.getValue();
    }

    /**
     * @param record a record's bytes, at least one
     * @return its frame, ready to write
     */
    public static ByteBuffer frame(byte[] record) {
        if (record.length == 0) {
            throw new IllegalArgumentException("a record has at least one byte");
        }
        return ByteBuffer.allocate(HEADER + record.length).putInt(record.length)
                .putInt(crc(record)).put(record).flip();
    }

    /**
     * @param file a log's file
     * @return the records found in it, in order, up to the first that is not whole
     * @throws IOException if the file cannot be read
     */
    public static List<byte[]> read(Path file) throws IOException {
        List<byte[]> records = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer all = ByteBuffer.allocate((int) channel.size());
            while (all.hasRemaining() && channel.read(all) >= 0) {
                // read until full or end of file
            }
            all.flip();
            while (all.remaining() >= HEADER) {
                int length = all.getInt();
                int checksum = all.getInt();
                if (length <= 0 || length > all.remaining()) {
                    break;
                }
                byte[] record = new byte[length];
                all.get(record);
                if (crc(record) != checksum) {
                    break;
                }
                records.add(record);
            }
        }
        return records;
    }
}
