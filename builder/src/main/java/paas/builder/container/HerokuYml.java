package paas.builder.container;

import com.fasterxml.jackson.databind.JsonNode;
import paas.builder.BuildFailedException;
import paas.builder.buildpack.Procfile;
import paas.builder.buildpack.SafeYaml;
import paas.vocabulary.ConfigKey;
import paas.vocabulary.ProcessType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An app's {@code heroku.yml}, the manifest of Heroku's container stack, read with
 * {@link SafeYaml}'s limits. What is used:
 * <pre>
 * build:
 *   docker:
 *     web: Dockerfile          # the one image this platform builds for an app
 *   config:
 *     NODE_ENV: production     # build arguments
 * run:
 *   web: node server.js        # or {command: [node server.js], image: web}
 *   worker: node worker.js
 * release:
 *   image: web
 *   command:
 *     - ./migrate.sh
 * </pre>
 * {@code setup} and add-on sections are ignored, as Heroku does outside review apps. Every other
 * shape fails the build with what is wrong.
 *
 * @param dockerfile the Dockerfile's path in the app (Dockerfile when {@code build} names none)
 * @param buildArgs  {@code build.config}, passed as {@code --build-arg}
 * @param run        process type to command from {@code run} and {@code release}; empty when
 *                   neither is given
 */
public record HerokuYml(String dockerfile, Map<String, String> buildArgs, Map<String, String> run) {
    public static final String FILE = "heroku.yml";
    public static final String DEFAULT_DOCKERFILE = "Dockerfile";
    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9._@+/-]{1,255}");

    public HerokuYml {
        buildArgs = Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
        run = Collections.unmodifiableMap(new LinkedHashMap<>(run));
    }

    /** What an app without a heroku.yml gets: its Dockerfile, no build arguments, no run section. */
    public static HerokuYml none() {
        return new HerokuYml(DEFAULT_DOCKERFILE, Map.of(), Map.of());
    }

    public static HerokuYml parse(byte[] yaml) throws BuildFailedException {
        JsonNode root;
        try {
            root = SafeYaml.read(yaml);
        } catch (IOException | RuntimeException e) {
            throw new BuildFailedException(FILE + " is not YAML this platform reads: " + SafeYaml.firstLine(e.getMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw new BuildFailedException(FILE + " must be a YAML mapping with build: and run: sections, not "
                    + (root == null || root.isMissingNode() ? "an empty file" : root.getNodeType().toString().toLowerCase())
                    + "; see docs/buildpacks.md (heroku.yml)");
        }
        String dockerfile = DEFAULT_DOCKERFILE;
        Map<String, String> args = new LinkedHashMap<>();
        JsonNode build = root.get("build");
        if (build != null && !build.isNull()) {
            mapping(build, "build");
            JsonNode docker = build.get("docker");
            if (docker != null && !docker.isNull()) {
                mapping(docker, "build.docker");
                List<String> images = new ArrayList<>();
                docker.fieldNames().forEachRemaining(images::add);
                if (images.size() != 1 || !images.contains("web")) {
                    throw new BuildFailedException(FILE + ": build.docker names " + images + "; this platform builds one"
                            + " image per app, named web: keep `web: Dockerfile` and point other run: entries at it with"
                            + " `image: web`");
                }
                dockerfile = path(docker.get("web"), "build.docker.web");
            }
            JsonNode config = build.get("config");
            if (config != null && !config.isNull()) {
                mapping(config, "build.config");
                for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!ConfigKey.isValid(e.getKey()) || !e.getValue().isValueNode()) {
                        throw new BuildFailedException(FILE + ": build.config needs NAME: value pairs (NAME is letters,"
                                + " digits and '_'); '" + printable(e.getKey()) + "' is not one");
                    }
                    args.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
                }
            }
        }
        Map<String, String> run = new LinkedHashMap<>();
        JsonNode runs = root.get("run");
        if (runs != null && !runs.isNull()) {
            mapping(runs, "run");
            for (Iterator<Map.Entry<String, JsonNode>> it = runs.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!ProcessType.isValid(e.getKey()) || e.getKey().equals("release")) {
                    throw new BuildFailedException(FILE + ": run: '" + printable(e.getKey()) + "' is not a process type"
                            + " (1-63 letters, digits, '_' or '-'; the release command goes in release:)");
                }
                if (run.size() == Procfile.MAX_TYPES) {
                    throw new BuildFailedException(FILE + ": more than " + Procfile.MAX_TYPES + " process types");
                }
                run.put(e.getKey(), command(e.getValue(), "run." + e.getKey()));
            }
        }
        JsonNode release = root.get("release");
        if (release != null && !release.isNull()) {
            run.put("release", command(release, "release"));
        }
        return new HerokuYml(dockerfile, args, run);
    }

    /** A command: a string, a list of strings (joined by spaces, as Heroku runs them with a shell), or {command, image}. */
    private static String command(JsonNode node, String where) throws BuildFailedException {
        JsonNode command = node;
        if (node.isObject()) {
            JsonNode image = node.get("image");
            if (image != null && !image.isNull() && !"web".equals(image.asText())) {
                throw new BuildFailedException(FILE + ": " + where + ".image is '" + printable(image.asText())
                        + "'; the only image built is web");
            }
            command = node.get("command");
            if (command == null || command.isNull()) {
                throw new BuildFailedException(FILE + ": " + where + " needs a command:");
            }
        }
        String text;
        if (command.isTextual()) {
            text = command.asText();
        } else if (command.isArray() && !command.isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode part : command) {
                if (!part.isValueNode() || part.isNull()) {
                    throw new BuildFailedException(FILE + ": " + where + ".command must be a list of strings");
                }
                parts.add(part.asText());
            }
            text = String.join(" ", parts);
        } else {
            throw new BuildFailedException(FILE + ": " + where + " must be a command string, a list of strings, or"
                    + " command: with image: web");
        }
        text = text.strip();
        if (text.isEmpty() || text.length() > Procfile.MAX_COMMAND_LENGTH || text.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
            throw new BuildFailedException(FILE + ": the command of " + where + " is empty, over "
                    + Procfile.MAX_COMMAND_LENGTH + " characters, or has control characters");
        }
        return text;
    }

    private static String path(JsonNode node, String where) throws BuildFailedException {
        String text = node == null || !node.isTextual() ? "" : node.asText();
        while (text.startsWith("./")) {
            text = text.substring(2);
        }
        if (!PATH.matcher(text).matches() || text.startsWith("/") || List.of(text.split("/")).contains("..")) {
            throw new BuildFailedException(FILE + ": " + where + " must name a Dockerfile inside the app, such as"
                    + " Dockerfile or docker/web.Dockerfile; got '" + printable(text) + "'");
        }
        return text;
    }

    private static void mapping(JsonNode node, String where) throws BuildFailedException {
        if (!node.isObject()) {
            throw new BuildFailedException(FILE + ": " + where + " must be a mapping, not "
                    + node.getNodeType().toString().toLowerCase());
        }
    }

    private static String printable(String s) {
        String shown = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    /** The heroku.yml of an app, if the source has one. */
    public static Optional<HerokuYml> of(Map<String, byte[]> files) throws BuildFailedException {
        byte[] yml = files.get(FILE);
        return yml == null ? Optional.empty() : Optional.of(parse(yml));
    }
}
