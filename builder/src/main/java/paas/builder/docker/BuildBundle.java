package paas.builder.docker;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import paas.builder.BuildFailedException;
import paas.builder.buildpack.Buildpack;
import paas.vocabulary.ConfigKey;
import paas.vocabulary.InvalidValueException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The tar extracted into the build container's {@code /tmp}: the driver and the buildpacks under
 * {@code paas/}, the config vars as ENV_DIR files under {@code env/}, and an empty {@code home/}.
 * Every entry, directories included, is owned by the build user, so Docker creates nothing as root.
 */
final class BuildBundle {

    private BuildBundle() {
    }

    /**
     * @param detect true: try the buildpacks in order until one detects; false: all must detect and all run
     */
    static void write(OutputStream out, byte[] driver, List<Buildpack> buildpacks, boolean detect,
                      Map<String, String> configVars, int uid, int gid) throws IOException, BuildFailedException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        Set<String> dirs = new HashSet<>();
        Writer w = new Writer(tar, dirs, uid, gid);
        w.dir("home", 0755);
        w.dir("env", 0700);
        for (Map.Entry<String, String> e : new TreeMap<>(configVars).entrySet()) {
            try {
                ConfigKey.check(e.getKey());
            } catch (InvalidValueException invalid) {
                throw new BuildFailedException(invalid.getMessage());
            }
            if (e.getValue().indexOf('\0') >= 0) {
                throw new BuildFailedException("config var " + e.getKey() + " contains a NUL character");
            }
            w.file("env/" + e.getKey(), e.getValue().getBytes(StandardCharsets.UTF_8), 0600);
        }
        w.dir("paas", 0755);
        w.file("paas/driver.sh", driver, 0755);
        w.file("paas/mode", ((detect ? "detect" : "all") + "\n").getBytes(StandardCharsets.UTF_8), 0644);
        StringBuilder index = new StringBuilder();
        w.dir("paas/buildpacks", 0755);
        for (int i = 0; i < buildpacks.size(); i++) {
            Buildpack bp = buildpacks.get(i);
            String dir = "paas/buildpacks/" + (i + 1);
            w.dir(dir, 0755);
            for (Map.Entry<String, byte[]> f : new TreeMap<>(bp.files()).entrySet()) {
                w.file(dir + "/" + f.getKey(), f.getValue(), bp.modeOf(f.getKey()));
            }
            index.append(i + 1).append(' ').append(bp.spec().replaceAll("[\\s\\p{Cntrl}]", "_")).append('\n');
        }
        w.file("paas/buildpacks.txt", index.toString().getBytes(StandardCharsets.UTF_8), 0644);
        tar.finish();
    }

    private record Writer(TarArchiveOutputStream tar, Set<String> dirs, int uid, int gid) {
        void dir(String path, int mode) throws IOException {
            if (!dirs.add(path)) {
                return;
            }
            TarArchiveEntry e = new TarArchiveEntry(path + "/");
            e.setMode(mode);
            e.setIds(uid, gid);
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
        }

        void file(String path, byte[] content, int mode) throws IOException {
            int slash = path.lastIndexOf('/');
            if (slash > 0) {
                parents(path.substring(0, slash));
            }
            TarArchiveEntry e = new TarArchiveEntry(path);
            e.setMode(mode);
            e.setIds(uid, gid);
            e.setSize(content.length);
            tar.putArchiveEntry(e);
            tar.write(content);
            tar.closeArchiveEntry();
        }

        private void parents(String dir) throws IOException {
            int slash = dir.lastIndexOf('/');
            if (slash > 0) {
                parents(dir.substring(0, slash));
            }
            dir(dir, 0755);
        }
    }
}
