package dev.errseq.overlay;

import dev.errseq.mountinfo.MountInfo;
import dev.errseq.mountinfo.MountTable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * mountinfo lines recorded on real kernels (Linux 6.18 on this project's test machine; the
 * older spelling from 5.x kernels), parsed into mounts and overlay options.
 */
class MountInfoParsingTest {
    /** Linux 6.18: four lower dirs whose names need escapes, fsync=volatile. */
    static final String ESCAPED_618 = "49 43 0:40 / /tmp/wt5-probe/mnt/merged rw,relatime"
            + " - overlay overlay rw,lowerdir=/tmp/wt5-probe/mnt/lo\\040wer"
            + ":/tmp/wt5-probe/mnt/a\\134:b:/tmp/wt5-probe/mnt/c\\134\\054d=e"
            + ":/tmp/wt5-probe/mnt/ta\\011b,upperdir=/tmp/wt5-probe/mnt/up\\040per\\134\\134x"
            + ",workdir=/tmp/wt5-probe/mnt/wo\\134\\054rk,uuid=on,fsync=volatile";

    /** A 5.x kernel: the option spelled volatile; optional fields; a space in the mount point. */
    static final String OLD_SPELLING = "1102 29 0:123 / /var/lib/containers/ab\\040c/merged"
            + " rw,relatime shared:210 master:1 - overlay overlay"
            + " rw,lowerdir=/var/lib/l/A:/var/lib/l/B,upperdir=/var/lib/ab\\040c/diff"
            + ",workdir=/var/lib/ab\\040c/work,index=off,volatile";

    /** Linux 6.18 given lowerdir+= and datadir+= (one layer each, no backslash escapes). */
    static final String LAYER_BY_LAYER_618 = "48 43 0:40 / /tmp/wt5-probe/mnt/merged rw,relatime"
            + " - overlay overlay rw,lowerdir+=/tmp/wt5-probe/mnt/lo\\040wer"
            + ",lowerdir+=/tmp/wt5-probe/mnt/a:b,datadir+=/tmp/wt5-probe/mnt/da\\040ta"
            + ",upperdir=/tmp/wt5-probe/mnt/upper,workdir=/tmp/wt5-probe/mnt/work,fsync=volatile";

    /** Linux 6.18: lower layers only (read-only overlay); volatile was ignored by the kernel. */
    static final String LOWER_ONLY_618 = "46 43 0:40 / /tmp/wt5-probe/mnt/merged rw,relatime"
            + " - overlay overlay ro,lowerdir=/tmp/wt5-probe/mnt/lower:/tmp/wt5-probe/mnt/upper"
            + ",redirect_dir=on";

    static final String EXT4_ROOT = "27 1 254:0 / / rw,relatime - ext4 /dev/vda"
            + " rw,discard,resv_strict,resuid=65534,resgid=65534";
    static final String TMPFS = "42 27 0:39 / /tmp/errseq-fixture-1-1/tmpfs rw,relatime"
            + " - tmpfs errseq-fixture rw,size=49540k,mode=700";
    static final String FUSE_OVERLAYFS = "301 27 0:61 / /home/u/merged rw,nodev,relatime"
            + " - fuse.fuse-overlayfs fuse-overlayfs rw,user_id=0,group_id=0,default_permissions";

    private static OverlayMount overlay(String line) {
        return OverlayMount.of(MountInfo.parse(line));
    }

    private static List<Path> paths(String... names) {
        return java.util.Arrays.stream(names).map(Path::of).toList();
    }

    // --- the mountinfo line itself --------------------------------------------------------

    @Test
    void everyFieldOfALineWithOptionalFields() {
        MountInfo m = MountInfo.parse(OLD_SPELLING);
        assertEquals(1102, m.mountId());
        assertEquals(29, m.parentId());
        assertEquals("0:123", m.device());
        assertEquals("/", m.root());
        assertEquals(Path.of("/var/lib/containers/ab c/merged"), m.mountPoint());
        assertEquals(List.of("rw", "relatime"), m.mountOptions());
        assertEquals(List.of("shared:210", "master:1"), m.optionalFields());
        assertEquals("overlay", m.fsType());
        assertEquals("overlay", m.source());
        assertEquals(List.of("rw", "lowerdir=/var/lib/l/A:/var/lib/l/B",
                "upperdir=/var/lib/ab c/diff", "workdir=/var/lib/ab c/work", "index=off",
                "volatile"), m.superOptions());
    }

    @Test
    void aLineWithoutOptionalFields() {
        MountInfo m = MountInfo.parse(EXT4_ROOT);
        assertEquals(List.of(), m.optionalFields());
        assertEquals("ext4", m.fsType());
        assertEquals("/dev/vda", m.source());
        assertEquals(Optional.of("65534"), m.superOption("resuid"));
        assertTrue(m.hasSuperFlag("discard"));
    }

    @Test
    void malformedLinesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> MountInfo.parse(""));
        assertThrows(IllegalArgumentException.class,
                () -> MountInfo.parse("27 1 254:0 / / rw,relatime ext4 /dev/vda rw"));
        assertThrows(IllegalArgumentException.class,
                () -> MountInfo.parse("x 1 254:0 / / rw - ext4 /dev/vda rw"));
        assertThrows(IllegalArgumentException.class,
                () -> MountInfo.parse("27 1 254:0 / / rw -"));
    }

    // --- overlay options ------------------------------------------------------------------

    @Test
    void newSpellingFsyncVolatileWithEscapedLowerUpperAndWorkDirs() {
        OverlayMount o = overlay(ESCAPED_618);
        assertTrue(o.isVolatile());
        assertEquals(paths("/tmp/wt5-probe/mnt/lo wer", "/tmp/wt5-probe/mnt/a:b",
                "/tmp/wt5-probe/mnt/c,d=e", "/tmp/wt5-probe/mnt/ta\tb"), o.lowerDirs());
        assertEquals(List.of(), o.dataDirs());
        assertEquals(Optional.of(Path.of("/tmp/wt5-probe/mnt/up per\\x")), o.upperDir());
        assertEquals(Optional.of(Path.of("/tmp/wt5-probe/mnt/wo,rk")), o.workDir());
        assertEquals(Path.of("/tmp/wt5-probe/mnt/merged"), o.mountPoint());
    }

    @Test
    void oldSpellingVolatile() {
        OverlayMount o = overlay(OLD_SPELLING);
        assertTrue(o.isVolatile());
        assertEquals(paths("/var/lib/l/A", "/var/lib/l/B"), o.lowerDirs());
        assertEquals(Optional.of(Path.of("/var/lib/ab c/diff")), o.upperDir());
        assertEquals(Optional.of(Path.of("/var/lib/ab c/work")), o.workDir());
    }

    @Test
    void notVolatileWithoutTheOption() {
        String line = OLD_SPELLING.replace(",volatile", "");
        assertFalse(overlay(line).isVolatile());
        assertFalse(overlay(ESCAPED_618.replace(",fsync=volatile", "")).isVolatile());
        assertFalse(overlay(LOWER_ONLY_618).isVolatile());
    }

    @Test
    void volatileInsideAnEscapedPathIsNotTheOption() {
        // A directory named "w,volatile" and one named "w,fsync=volatile".
        String line = "50 43 0:41 / /m rw - overlay overlay rw,lowerdir=/l,upperdir=/u"
                + ",workdir=/w\\134\\054volatile,index=off";
        assertFalse(overlay(line).isVolatile());
        assertEquals(Optional.of(Path.of("/w,volatile")), overlay(line).workDir());
        String other = line.replace("\\054volatile", "\\054fsync=volatile");
        assertFalse(overlay(other).isVolatile());
    }

    @Test
    void layerByLayerOptions() {
        OverlayMount o = overlay(LAYER_BY_LAYER_618);
        assertTrue(o.isVolatile());
        // lowerdir+ takes the path as it is: ':' is no separator there.
        assertEquals(paths("/tmp/wt5-probe/mnt/lo wer", "/tmp/wt5-probe/mnt/a:b"), o.lowerDirs());
        assertEquals(paths("/tmp/wt5-probe/mnt/da ta"), o.dataDirs());
        assertEquals(Optional.of(Path.of("/tmp/wt5-probe/mnt/upper")), o.upperDir());
    }

    @Test
    void doubleColonStartsTheDataLayers() {
        OverlayMount o = overlay("50 43 0:41 / /m rw - overlay overlay"
                + " rw,lowerdir=/l1:/l2::/d1::/d2,upperdir=/u,workdir=/w");
        assertEquals(paths("/l1", "/l2"), o.lowerDirs());
        assertEquals(paths("/d1", "/d2"), o.dataDirs());
    }

    @Test
    void lowerOnlyOverlayHasNoUpperNorWorkDir() {
        OverlayMount o = overlay(LOWER_ONLY_618);
        assertEquals(paths("/tmp/wt5-probe/mnt/lower", "/tmp/wt5-probe/mnt/upper"),
                o.lowerDirs());
        assertEquals(Optional.empty(), o.upperDir());
        assertEquals(Optional.empty(), o.workDir());
    }

    @Test
    void nonOverlayLinesAreRefused() {
        for (String line : List.of(EXT4_ROOT, TMPFS, FUSE_OVERLAYFS)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> overlay(line));
            assertTrue(e.getMessage().contains("not an overlay mount"), e.getMessage());
        }
    }

    // --- which mount holds a path ---------------------------------------------------------

    @Test
    void theLongestMountPointPrefixHoldsAPath() {
        MountTable table = MountTable.parse(String.join("\n", EXT4_ROOT, TMPFS, ESCAPED_618,
                "60 43 0:50 / /tmp/wt5-probe/mnt/merged2 rw - tmpfs t rw", ""));
        assertEquals(4, table.mounts().size());
        assertEquals("overlay", holder(table, "/tmp/wt5-probe/mnt/merged/a/b").fsType());
        assertEquals("overlay", holder(table, "/tmp/wt5-probe/mnt/merged").fsType());
        // merged2 starts with the characters of merged, but is not under it.
        assertEquals(60, holder(table, "/tmp/wt5-probe/mnt/merged2/x").mountId());
        assertEquals("ext4", holder(table, "/tmp/wt5-probe/mnt").fsType());
        assertEquals("ext4", holder(table, "/").fsType());
        assertEquals("overlay", holder(table, "/tmp/wt5-probe/mnt/merged/../merged/c").fsType());
    }

    @Test
    void theLastOfSeveralMountsOnOnePointWins() {
        String under = "70 27 0:60 / /srv/m rw - overlay overlay rw,lowerdir=/a,upperdir=/u"
                + ",workdir=/w,fsync=volatile";
        String over = "71 27 0:61 / /srv/m rw - tmpfs t rw";
        assertEquals(71, holder(MountTable.parse(under + "\n" + over), "/srv/m/f").mountId());
        assertEquals(70, holder(MountTable.parse(over + "\n" + under), "/srv/m/f").mountId());
    }

    @Test
    void relativePathsAreRefusedAndAnEmptyTableHoldsNothing() {
        MountTable table = MountTable.parse(EXT4_ROOT);
        assertThrows(IllegalArgumentException.class, () -> table.mountHolding(Path.of("a/b")));
        assertEquals(Optional.empty(), MountTable.parse("").mountHolding(Path.of("/x")));
    }

    private static MountInfo holder(MountTable table, String path) {
        return table.mountHolding(Path.of(path)).orElseThrow();
    }
}
