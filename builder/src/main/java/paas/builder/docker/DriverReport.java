package paas.builder.docker;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import paas.builder.BuildFailedException;
import paas.builder.buildpack.Buildpack;
import paas.builder.buildpack.ReleaseYaml;
import paas.builder.slug.SlugPacker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the build driver ({@code buildpacks/driver.sh}) reports in {@code /tmp/paas/out} of the
 * build container: {@code buildpack}, the 1-based index of the buildpack that ran;
 * {@code release.yml}, that buildpack's {@code bin/release} output; {@code error}, why the build
 * failed. Small files only: {@code release.yml} over its limit fails the build, any other file
 * over {@value #MAX_ERROR_BYTES} bytes is skipped.
 */
record DriverReport(Map<String, byte[]> files) {
    static final DriverReport EMPTY = new DriverReport(Map.of());
    private static final int MAX_ERROR_BYTES = 4096;
    private static final String RELEASE_YML = "release.yml";

    /** Reads the report from a tar of the out directory (as the engine copies it out of the container). */
    static DriverReport read(InputStream in) throws IOException, BuildFailedException {
        Map<String, byte[]> files = new HashMap<>();
        TarArchiveInputStream tar = new TarArchiveInputStream(in, "UTF-8");
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            if (!e.isFile() || e.isSymbolicLink() || e.isLink()) {
                continue;
            }
            String name = e.getName().substring(e.getName().lastIndexOf('/') + 1);
            int max = name.equals(RELEASE_YML) ? ReleaseYaml.MAX_BYTES : MAX_ERROR_BYTES;
            if (e.getSize() > max) {
                if (name.equals(RELEASE_YML)) {
                    throw new BuildFailedException("bin/release printed " + e.getSize()
                            + " bytes, over the limit of " + max + " bytes");
                }
                continue;
            }
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            tar.transferTo(buf);
            files.put(name, buf.toByteArray());
        }
        return new DriverReport(files);
    }

    /** The buildpack that ran, of those sent into the container in this order. */
    Buildpack buildpackRun(List<Buildpack> buildpacks) throws BuildFailedException {
        String index = new String(files.getOrDefault("buildpack", new byte[0]), StandardCharsets.UTF_8).strip();
        try {
            return buildpacks.get(Integer.parseInt(index) - 1);
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new BuildFailedException("the build driver did not report which buildpack ran (got '" + index + "')");
        }
    }

    /** The {@code default_process_types} of the buildpack that ran, from its {@code bin/release}. */
    Map<String, String> defaultProcessTypes(Buildpack ran) throws BuildFailedException {
        return ReleaseYaml.defaultProcessTypes(files.getOrDefault(RELEASE_YML, new byte[0]), ran.spec());
    }

    /** Why the build exited with {@code exitCode}: the driver's error, else what the exit status tells. */
    String failureMessage(String containerId, int exitCode, long memoryBytes) {
        byte[] error = files.get("error");
        if (error != null && error.length > 0) {
            return new String(error, StandardCharsets.UTF_8).strip();
        }
        if (exitCode == 137) {
            return "build was killed (exit status 137); it may have run out of memory (limit "
                    + SlugPacker.humanBytes(memoryBytes) + ")";
        }
        return "build failed with exit status " + exitCode + " (container " + containerId.substring(0, 12) + ")";
    }
}
