package paas.builder;

import java.nio.file.Path;

/**
 * A push of a deployable branch: the app, who pushed, the ref, the old and new commit, and
 * the new commit's tree exported as a tar archive (valid until the handler returns).
 */
public record Push(String app, String user, String ref, String oldCommit, String newCommit, Path sourceTar) {
}
