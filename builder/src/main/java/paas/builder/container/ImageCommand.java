package paas.builder.container;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image's CMD as the one shell command line a process type holds: dynos of images run
 * {@code /bin/sh -c COMMAND} after the image's ENTRYPOINT (an init such as tini, or a
 * {@code docker-entrypoint.sh} that ends in {@code exec "$@"}), as Heroku runs a container's CMD
 * with a shell. The shell form ({@code CMD node index.js}, stored by the engine as
 * {@code /bin/sh -c "node index.js"}) gives its text back; the exec form is quoted word by word.
 */
public final class ImageCommand {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private ImageCommand() {
    }

    /** Empty when the image has no CMD. */
    public static Optional<String> of(String[] cmd) {
        if (cmd == null) {
            return Optional.empty();
        }
        List<String> words = new ArrayList<>();
        if (cmd.length == 3 && cmd[0].equals("/bin/sh") && cmd[1].equals("-c")) {
            words.add(cmd[2]);
        } else {
            for (String word : cmd) {
                words.add(quote(word));
            }
        }
        String line = String.join(" ", words).strip();
        return line.isEmpty() ? Optional.empty() : Optional.of(line);
    }

    /** A word as the shell reads it back unchanged. */
    static String quote(String word) {
        if (SAFE.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
