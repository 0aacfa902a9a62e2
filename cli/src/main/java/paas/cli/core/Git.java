package paas.cli.core;

import java.nio.file.Path;
import java.util.Map;

/** The few git operations the CLI needs on the repository around a directory. Blocking. */
public interface Git {
  /**
   * Remote name to URL, in git's order; empty when the directory is in no repository or git is not
   * installed (both mean "no remotes", never an error).
   */
  Map<String, String> remotes(Path dir);

  /** Whether the directory is inside a git repository. */
  boolean isRepository(Path dir);

  /** Adds a remote; fails with a {@link paas.cli.core.CliException} carrying git's message. */
  void addRemote(Path dir, String name, String url);

  /** Points an existing remote at a new URL; fails like {@link #addRemote}. */
  void setRemoteUrl(Path dir, String name, String url);

  /** Removes a remote; fails like {@link #addRemote}. */
  void removeRemote(Path dir, String name);

  /**
   * Clones url into directory (relative to dir) with its remote named remote, git's progress on
   * this process's own stdout and stderr; fails like {@link #addRemote}.
   */
  void cloneInto(Path dir, String url, String directory, String remote);
}
