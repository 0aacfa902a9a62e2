package paas.process.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.process.Artifact;
import paas.process.Release;
import paas.process.slug.SlugExtractor;
import paas.vocabulary.FileTrees;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One image per slug of an app: the run image with the slug unpacked in {@code /app}, owned by
 * the dyno user (uid 1000) so the filesystem is writable, as on Heroku, and ephemeral (each
 * container writes its own layer). Built by creating a container from the run image (never
 * started), copying the safely re-packed slug into it and committing it; no registry, no build
 * context. Releases that share a slug (config changes, rollbacks) share the image; a new run
 * image (a rebuilt stack) gives new images.
 *
 * <p>Thread-safe; builds of the same image are done once, builds of different ones in parallel.
 */
final class ReleaseImages {
    private static final Logger log = LoggerFactory.getLogger(ReleaseImages.class);
    static final int DYNO_UID = 1000;

    private final DockerClient docker;
    private final DockerRuntimeConfig config;
    private final SlugExtractor extractor;
    private final Map<String, ReentrantLock> building = new ConcurrentHashMap<>();

    ReleaseImages(DockerClient docker, DockerRuntimeConfig config, SlugExtractor extractor) {
        this.docker = docker;
        this.config = config;
        this.extractor = extractor;
    }

    static String imageName(String app, String slugId) {
        return "paas/app-" + app + ":" + slugId;
    }

    /**
     * What a dyno runs as: the image and user, and whether the image is run as it is (an app's
     * own image) or is the run image with the slug in {@code /app}.
     */
    record RunImage(String ref, String user, boolean asIs) {
    }

    /**
     * The image for this app's release: an image artifact as it is on the engine (run as its
     * USER unless that is root, then as the dyno user); for a slug, the slug's image, built now
     * when it does not exist yet.
     */
    RunImage imageFor(String app, Release release) {
        return switch (release.artifact()) {
            case Artifact.EngineImage image -> {
                InspectImageResponse found = inspect(image.imageId());
                if (found == null) {
                    throw new IllegalStateException("image " + image.id().substring(0, 12) + " of " + app + " v"
                            + release.version() + " is no longer on the docker engine; push again or deploy an image");
                }
                String user = found.getConfig() == null ? null : found.getConfig().getUser();
                yield new RunImage(image.imageId(), isRoot(user) ? DYNO_UID + ":" + DYNO_UID : user, true);
            }
            case Artifact.SlugFile slug -> new RunImage(slugImage(app, release.version(), slug), DYNO_UID + ":" + DYNO_UID,
                    false);
        };
    }

    /** No USER, or one that is root by name or id: dynos never run as root. */
    static boolean isRoot(String user) {
        if (user == null || user.isBlank()) {
            return true;
        }
        String name = user.split(":", 2)[0];
        return name.equals("root") || name.equals("0");
    }

    /**
     * Removes a destroyed app's images: its slug images and its pinned tags (an image still named
     * by another tag stays, as does one a container still uses).
     */
    void forget(String app) {
        for (var image : docker.listImagesCmd().withLabelFilter(Map.of(Labels.MANAGED, "true", Labels.APP, app)).exec()) {
            try {
                docker.removeImageCmd(image.getId()).withForce(true).exec();
            } catch (DockerException inUse) {
                log.debug("image {} of {} not removed: {}", image.getId(), app, inUse.getMessage());
            }
        }
        String pinned = Labels.pinnedRepository(app) + ":";
        for (var image : docker.listImagesCmd().withImageNameFilter(Labels.pinnedRepository(app)).exec()) {
            for (String tag : image.getRepoTags() == null ? new String[0] : image.getRepoTags()) {
                if (tag.startsWith(pinned)) {
                    try {
                        docker.removeImageCmd(tag).exec(); // the tag; the image only when nothing else names it
                    } catch (DockerException inUse) {
                        log.debug("tag {} of {} not removed: {}", tag, app, inUse.getMessage());
                    }
                }
            }
        }
    }

    private String slugImage(String app, int version, Artifact.SlugFile slug) {
        String runImageId = runImageId();
        String name = imageName(app, slug.id());
        ReentrantLock lock = building.computeIfAbsent(name, n -> new ReentrantLock());
        lock.lock();
        try {
            InspectImageResponse existing = inspect(name);
            if (existing != null && existing.getConfig() != null && existing.getConfig().getLabels() != null
                    && runImageId.equals(existing.getConfig().getLabels().get(Labels.STACK))) {
                return name;
            }
            build(app, version, slug, name, runImageId);
            return name;
        } finally {
            lock.unlock();
        }
    }

    private String runImageId() {
        InspectImageResponse run = inspect(config.runImage());
        if (run == null) {
            throw new IllegalStateException("run image " + config.runImage()
                    + " not found on the docker engine; build it with deploy/stack/build.sh");
        }
        return run.getId();
    }

    private InspectImageResponse inspect(String image) {
        try {
            return Engine.call(config.engine(), () -> docker.inspectImageCmd(image).exec());
        } catch (NotFoundException e) {
            return null;
        }
    }

    private void build(String app, int version, Artifact.SlugFile slug, String name, String runImageId) {
        long t0 = System.nanoTime();
        Path work;
        try {
            Files.createDirectories(config.workDir());
            work = Files.createTempDirectory(config.workDir(), "image-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work directory in " + config.workDir(), e);
        }
        String container = null;
        try {
            Path dir = work.resolve("app");
            extractor.extract(slug.path(), dir);
            Path tar = work.resolve("app.tar");
            writeTar(dir, tar);
            // Labelled with the app and the platform so that removing the app, the platform's
            // sweep (DockerRuntime.list) and a test's cleanup find a leftover after a crash.
            container = Engine.call(config.engine(), () -> docker.createContainerCmd(config.runImage())
                    .withLabels(Map.of(Labels.MANAGED, "true", Labels.APP, app, Labels.PLATFORM, config.platform(),
                            Labels.IMAGE_BUILD, "true"))
                    .withCmd("true").exec().getId());
            String id = container;
            try (InputStream in = Files.newInputStream(tar)) {
                Engine.run(config.engine(), () -> docker.copyArchiveToContainerCmd(id).withRemotePath("/")
                        .withTarInputStream(in).exec());
            }
            String repo = name.substring(0, name.lastIndexOf(':'));
            Engine.run(config.engine(), () -> docker.commitCmd(id).withRepository(repo).withTag(slug.id())
                    .withLabels(Map.of(Labels.MANAGED, "true", Labels.APP, app, Labels.PLATFORM, config.platform(),
                            Labels.RELEASE, Integer.toString(version), Labels.SLUG, slug.id(),
                            Labels.STACK, runImageId))
                    .exec());
            log.info("docker: built image {} for {} v{} in {} ms", name, app, version,
                    (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException("building the image of " + app + " v" + version + ": " + e.getMessage(), e);
        } finally {
            if (container != null) {
                String id = container;
                try {
                    Engine.run(config.engine(), () -> docker.removeContainerCmd(id).withForce(true).exec());
                } catch (RuntimeException e) {
                    log.warn("docker: cannot remove build container {}: {}", id, e.toString());
                }
            }
            try {
                FileTrees.delete(work);
            } catch (IOException e) {
                log.warn("docker: cannot delete {}: {}", work, e.toString());
            }
        }
    }

    /**
     * Tars the unpacked (hence checked) slug as {@code app/...}, every entry owned by the dyno
     * user, links kept as links.
     */
    static void writeTar(Path dir, Path tarFile) throws IOException {
        try (OutputStream out = Files.newOutputStream(tarFile);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                    String rel = dir.relativize(d).toString();
                    put(tar, new TarArchiveEntry(rel.isEmpty() ? "app/" : "app/" + rel + "/"), d, null);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    String rel = "app/" + dir.relativize(f);
                    if (attrs.isSymbolicLink()) {
                        TarArchiveEntry e = new TarArchiveEntry(rel, TarArchiveEntry.LF_SYMLINK);
                        e.setLinkName(Files.readSymbolicLink(f).toString());
                        put(tar, e, f, null);
                    } else if (attrs.isRegularFile()) {
                        TarArchiveEntry e = new TarArchiveEntry(rel);
                        e.setSize(attrs.size());
                        put(tar, e, f, f);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        }
    }

    private static void put(TarArchiveOutputStream tar, TarArchiveEntry e, Path p, Path content) throws IOException {
        e.setIds(DYNO_UID, DYNO_UID);
        e.setNames("", "");
        if (!e.isSymbolicLink()) {
            e.setMode((e.isDirectory() ? 040000 : 0100000) | mode(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)));
        }
        tar.putArchiveEntry(e);
        if (content != null) {
            try (InputStream in = Files.newInputStream(content)) {
                in.transferTo(tar);
            }
        }
        tar.closeArchiveEntry();
    }

    private static int mode(Set<PosixFilePermission> perms) {
        int m = 0;
        for (PosixFilePermission p : perms) {
            m |= 1 << (8 - p.ordinal());
        }
        return m;
    }
}
