package paas.builder.buildpack;

import paas.builder.BuildFailedException;
import paas.outbound.OutboundPolicy;
import paas.vocabulary.ShippedBuildpacks;

import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The buildpacks a build can use: the ones shipped in this module's resources
 * ({@code buildpacks/<name>/...}, listed in {@code buildpacks/files.txt}) and custom ones, which are
 * directories under the operator's configured buildpack roots on the platform host. A custom
 * buildpack Heroku's way ({@code heroku/nodejs}, see {@link ShippedBuildpacks#HEROKU_NAMES}) is the
 * shipped one that builds the same kind of app. A custom
 * buildpack is named either by its directory name under a root or by an absolute path that
 * resolves (links followed) inside a root; nothing else on the host can be read. A git URL
 * ({@code https://...}, optionally {@code #ref}) is cloned shallowly for each build that uses it,
 * through the outbound policy (public addresses only); a {@code file:} git URL only from inside
 * a root; plain {@code http} not at all.
 * Immutable and thread-safe.
 */
public final class BuildpackCatalog {
    /** Tried in this order when an app has no buildpack set; the first that detects builds it. */
    public static final List<String> DETECTION_ORDER = ShippedBuildpacks.DETECTION_ORDER;
    /** Custom buildpacks larger than this are refused. */
    public static final long MAX_CUSTOM_BYTES = 64L * 1024 * 1024;

    private static final String RESOURCES = "buildpacks/";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final Map<String, Buildpack> shipped;
    private final List<Path> customRoots;
    private final byte[] driver;
    private final GitBuildpackFetcher git;

    /**
     * Git URLs reach public addresses only ({@link OutboundPolicy#strict()}); buildpacks on this
     * machine belong in a buildpack directory instead.
     *
     * @param customRoots directories holding custom buildpacks, one per subdirectory; may be empty
     */
    public BuildpackCatalog(List<Path> customRoots) {
        this(customRoots, OutboundPolicy.strict());
    }

    /**
     * @param customRoots directories holding custom buildpacks, one per subdirectory; may be empty
     * @param outbound    which hosts git URLs may reach
     */
    public BuildpackCatalog(List<Path> customRoots, OutboundPolicy outbound) {
        this.customRoots = List.copyOf(customRoots);
        this.shipped = loadShipped();
        this.driver = resource(RESOURCES + "driver.sh");
        this.git = new GitBuildpackFetcher(Duration.ofSeconds(60), outbound, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    /** The script run in the build container that implements the buildpack API. */
    public byte[] driverScript() {
        return driver.clone();
    }

    /**
     * The buildpacks for a build, in order. An empty list means every shipped buildpack, in
     * {@link #DETECTION_ORDER}, for detection.
     *
     * @throws BuildFailedException for a spec that names no buildpack, with the accepted forms
     */
    public List<Buildpack> resolve(List<String> specs) throws BuildFailedException {
        if (specs.isEmpty()) {
            return DETECTION_ORDER.stream().map(shipped::get).toList();
        }
        List<Buildpack> out = new ArrayList<>();
        for (String spec : specs) {
            out.add(resolveOne(spec));
        }
        return out;
    }

    /**
     * Checks that {@code spec} names a buildpack this catalog could use, without fetching a git
     * URL or reading a directory: what the API checks when an app's buildpacks are set.
     *
     * @throws BuildFailedException naming the rule broken and the accepted forms
     */
    public void check(String spec) throws BuildFailedException {
        resolveOne(spec, false);
    }

    private Buildpack resolveOne(String spec) throws BuildFailedException {
        return resolveOne(spec, true);
    }

    /** The buildpack {@code spec} names; with {@code load} false only checked, and null. */
    private Buildpack resolveOne(String spec, boolean load) throws BuildFailedException {
        if (spec == null || spec.isBlank()) {
            throw new BuildFailedException("an empty buildpack name was set; " + accepted());
        }
        Buildpack bp = shipped.get(ShippedBuildpacks.forHerokuName(spec).orElse(spec));
        if (bp != null) {
            return bp;
        }
        if (spec.startsWith("heroku/") || spec.startsWith("heroku-community/")) {
            throw new BuildFailedException("Heroku's buildpack '" + spec + "' has no built-in counterpart here; the"
                    + " Heroku names accepted are " + String.join(", ", new java.util.TreeSet<>(ShippedBuildpacks.HEROKU_NAMES.keySet()))
                    + ", or " + accepted());
        }
        if (spec.matches("^[\\w.-]+@[\\w.-]+:.*") || spec.matches("(?i)^(git|ssh)://.*")) {
            throw new BuildFailedException("buildpack '" + spec + "' is an ssh git URL; the platform has no ssh keys:"
                    + " use its https:// URL");
        }
        if (spec.matches("(?i)^https://.*")) {
            return load ? fetchFromGit(spec) : null;
        }
        if (spec.matches("(?i)^http://.*")) {
            throw new BuildFailedException("buildpack '" + spec + "' is a plain http URL; use its https:// URL");
        }
        if (spec.matches("(?i)^file:.*")) {
            // A repository on the host, like a path: only inside a buildpack directory, or any
            // repository paasd can read (another app's pushed source) would be a buildpack away.
            Path repo = fileUrlPath(spec);
            if (customRoots.stream().noneMatch(root -> insideRoot(repo, root))) {
                throw new BuildFailedException("buildpack URL '" + spec + "' is not inside a buildpack directory of"
                        + " the platform host (" + rootsText() + ")");
            }
            return load ? fetchFromGit(spec) : null;
        }
        if (NAME.matcher(spec).matches()) {
            for (Path root : customRoots) {
                Path dir = root.resolve(spec);
                if (Files.isDirectory(dir)) {
                    return load ? loadCustom(spec, dir, root) : null;
                }
            }
        } else if (spec.startsWith("/")) {
            Path dir = Path.of(spec);
            for (Path root : customRoots) {
                if (insideRoot(dir, root)) {
                    return load ? loadCustom(spec, dir, root) : null;
                }
            }
            throw new BuildFailedException("buildpack path '" + spec + "' is not inside a buildpack directory of"
                    + " the platform host (" + rootsText() + ")");
        }
        throw new BuildFailedException("unknown buildpack '" + spec + "'; " + accepted());
    }

    private Buildpack fetchFromGit(String spec) throws BuildFailedException {
        BuildFailedException[] failure = new BuildFailedException[1];
        Buildpack bp = git.fetch(spec, dir -> {
            try {
                return loadCustom(spec, dir, dir);
            } catch (BuildFailedException e) {
                failure[0] = e;
                return null;
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        return bp;
    }

    private static Path fileUrlPath(String spec) throws BuildFailedException {
        int hash = spec.indexOf('#');
        try {
            return Path.of(new URI(hash < 0 ? spec : spec.substring(0, hash)));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new BuildFailedException("buildpack URL '" + spec + "' is not a file:///PATH URL: " + e.getMessage());
        }
    }

    private String accepted() {
        return "use one of " + String.join(", ", DETECTION_ORDER) + ", an https:// git URL, or the name or path of"
                + " a buildpack directory on the platform host (" + rootsText() + ")";
    }

    private String rootsText() {
        return customRoots.isEmpty() ? "none configured" : customRoots.stream().map(Path::toString)
                .reduce((a, b) -> a + ", " + b).orElse("");
    }

    private static boolean insideRoot(Path dir, Path root) {
        try {
            return Files.isDirectory(dir) && dir.toRealPath().startsWith(root.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    private static Buildpack loadCustom(String spec, Path dir, Path root) throws BuildFailedException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try {
            Path real = dir.toRealPath();
            if (!real.startsWith(root.toRealPath())) {
                throw new BuildFailedException("buildpack '" + spec + "' resolves outside " + root);
            }
            long[] total = {0};
            Files.walkFileTree(real, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String rel = real.relativize(file).toString().replace('\\', '/');
                    if (!attrs.isRegularFile()) {
                        throw new IOException("'" + rel + "' is not a regular file (links are not copied)");
                    }
                    total[0] += attrs.size();
                    if (total[0] > MAX_CUSTOM_BYTES) {
                        throw new IOException("it holds more than " + MAX_CUSTOM_BYTES + " bytes");
                    }
                    files.put(rel, Files.readAllBytes(file));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    return d.getFileName() != null && d.getFileName().toString().equals(".git") && !d.equals(real)
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new BuildFailedException("buildpack '" + spec + "' cannot be read: " + e.getMessage(), e);
        }
        try {
            return new Buildpack(spec, files);
        } catch (IllegalArgumentException e) {
            throw new BuildFailedException(e.getMessage() + " (in " + dir + ")");
        }
    }

    private static Map<String, Buildpack> loadShipped() {
        String index = new String(resource(RESOURCES + "files.txt"), StandardCharsets.UTF_8);
        Map<String, Map<String, byte[]>> byName = new LinkedHashMap<>();
        for (String line : index.split("\n")) {
            String path = line.strip();
            if (path.isEmpty() || path.startsWith("#")) {
                continue;
            }
            int slash = path.indexOf('/');
            String name = path.substring(0, slash);
            byName.computeIfAbsent(name, n -> new LinkedHashMap<>())
                    .put(path.substring(slash + 1), resource(RESOURCES + path));
        }
        Map<String, Buildpack> out = new LinkedHashMap<>();
        byName.forEach((name, files) -> out.put(name, new Buildpack(name, files)));
        for (String name : DETECTION_ORDER) {
            if (!out.containsKey(name)) {
                throw new IllegalStateException("shipped buildpack '" + name + "' is missing from files.txt");
            }
        }
        return Map.copyOf(out);
    }

    private static byte[] resource(String name) {
        try (InputStream in = BuildpackCatalog.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the builder jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
