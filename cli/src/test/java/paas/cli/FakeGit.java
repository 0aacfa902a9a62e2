package paas.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import paas.cli.core.Git;

/** A git repository in memory that records what the commands asked of it. */
public final class FakeGit implements Git {
  public final Map<String, String> remotes = new LinkedHashMap<>();
  public final List<String> calls = new ArrayList<>();
  public boolean repository = true;
  public int remoteReads;

  @Override
  public Map<String, String> remotes(Path dir) {
    remoteReads++;
    return repository ? Map.copyOf(remotes) : Map.of();
  }

  @Override
  public boolean isRepository(Path dir) {
    return repository;
  }

  @Override
  public void addRemote(Path dir, String name, String url) {
    calls.add("add " + name + " " + url);
    remotes.put(name, url);
  }

  @Override
  public void setRemoteUrl(Path dir, String name, String url) {
    calls.add("set-url " + name + " " + url);
    remotes.put(name, url);
  }

  @Override
  public void removeRemote(Path dir, String name) {
    calls.add("remove " + name);
    remotes.remove(name);
  }

  @Override
  public void cloneInto(Path dir, String url, String directory, String remote) {
    calls.add("clone " + url + " " + directory + " " + remote);
  }
}
