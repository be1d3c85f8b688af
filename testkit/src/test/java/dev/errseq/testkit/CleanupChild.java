package dev.errseq.testkit;

/**
 * The JVM the clean-up tests stop, kill or let fail: it makes an ext4 and a private tmpfs
 * and never closes them.
 *
 * <pre>
 * hold     makes both, prints "READY prints "READY &lt;scratch dir of the ext4&gt; &lt;loop device&gt;"lt;ext4 scratch dirprints "READY &lt;scratch dir of the ext4&gt; &lt;loop device&gt;"gt; prints "READY &lt;scratch dir of the ext4&gt; &lt;loop device&gt;"lt;tmpfs scratch dirprints "READY &lt;scratch dir of the ext4&gt; &lt;loop device&gt;"gt; prints "READY &lt;scratch dir of the ext4&gt; &lt;loop device&gt;"lt;loop deviceprints "READY &lt;scratch dir of the ext4&gt; &lt;loop device&gt;"gt;", then
 *          waits to be stopped (SIGTERM: the shutdown hook) or killed (SIGKILL: nothing runs)
 * create   tries to make an ext4 and prints "THREW &lt;message&gt;" or "MADE"
 * </pre>
 */
public final class CleanupChild {
    private CleanupChild() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("create")) {
            try (FaultyFilesystem fs = FaultyFilesystem.create(FilesystemKind.EXT4)) {
                System.out.println("MADE " + fs);
            } catch (Exception e) {
                System.out.println("THREW " + e.getMessage().replace('\n', ' '));
            }
            return;
        }
        FaultyFilesystem fs = FaultyFilesystem.create(FilesystemKind.EXT4);
        PrivateTmpfs tmpfs = PrivateTmpfs.create();
        System.out.println("READY " + fs.root().getParent() + " " + tmpfs.root().getParent()
                + " " + fs.loopDevice());
        System.out.flush();
        for (;;) {
            Thread.sleep(60_000);
        }
    }
}
