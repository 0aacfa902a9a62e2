package paas.cli.credentials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A ~/.netrc file, edited in place: changing one machine's entry leaves every other byte of the file
 * (other machines, {@code default}, {@code macdef} macros, comments) as it was. Immutable.
 */
public final class Netrc {
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private final String text;
  private final List<Entry> entries;
  private final boolean endsInsideMacro;

  /** Login and password of one machine. */
  public record Login(String login, String password) {}

  private enum Kind { MACHINE, DEFAULT, MACDEF }

  /** One entry and the characters it covers, [start, end). */
  private record Entry(Kind kind, String name, Map<String, String> fields, int start, int end) {}

  private Netrc(String text, List<Entry> entries, boolean endsInsideMacro) {
    this.text = text;
    this.entries = List.copyOf(entries);
    this.endsInsideMacro = endsInsideMacro;
  }

  public static Netrc empty() {
    return parse("");
  }

  /** Reads the file; a missing file is an empty netrc. */
  public static Netrc read(Path file) throws IOException {
    return Files.exists(file) ? parse(Files.readString(file, StandardCharsets.UTF_8)) : empty();
  }

  public String text() {
    return text;
  }

  /** The first entry for the host (case-insensitive); {@code default} is not consulted. */
  public Optional<Login> lookup(String host) {
    return entries.stream()
        .filter(e -> e.kind() == Kind.MACHINE && e.name().equalsIgnoreCase(host))
        .findFirst()
        .map(e -> new Login(e.fields().get("login"), e.fields().get("password")));
  }

  /**
   * This netrc with the host's entry set to login and password: the first entry for the host is
   * replaced and any later ones removed; with none, the entry goes before {@code default} (which
   * must stay last) or at the end.
   *
   * @throws IllegalArgumentException when a value cannot be written as a netrc token
   */
  public Netrc withMachine(String host, String login, String password) {
    for (String value : List.of(host, login, password)) {
      if (value.isEmpty() || value.chars().anyMatch(c -> Character.isWhitespace(c) || c == '"')
          || value.startsWith("#")) {
        throw new IllegalArgumentException(
            "cannot store '" + value + "' in .netrc: values must be non-empty, without spaces or quotes");
      }
    }
    String entry = "machine " + host + "\n  login " + login + "\n  password " + password + "\n";
    List<Entry> matches = machines(host);
    if (!matches.isEmpty()) {
      StringBuilder edited = new StringBuilder(text);
      for (int i = matches.size() - 1; i >= 0; i--) {
        Entry match = matches.get(i);
        edited.replace(lineStart(match.start()), match.end(), i == 0 ? entry : "");
      }
      return parse(edited.toString());
    }
    Optional<Entry> defaultEntry = entries.stream().filter(e -> e.kind() == Kind.DEFAULT).findFirst();
    if (defaultEntry.isPresent()) {
      int at = defaultEntry.get().start();
      String before = text.substring(0, at);
      String separator = before.isEmpty() || before.endsWith("\n") ? "" : "\n";
      return parse(before + separator + entry + text.substring(at));
    }
    StringBuilder appended = new StringBuilder(text);
    if (!text.isEmpty() && !text.endsWith("\n")) {
      appended.append('\n');
    }
    if (endsInsideMacro && !appended.toString().endsWith("\n\n")) {
      appended.append('\n'); // a macro body runs until an empty line; end it, or it would swallow us
    }
    return parse(appended.append(entry).toString());
  }

  /** This netrc without any entry for the host. */
  public Netrc withoutMachine(String host) {
    StringBuilder edited = new StringBuilder(text);
    List<Entry> matches = machines(host);
    for (int i = matches.size() - 1; i >= 0; i--) {
      edited.replace(lineStart(matches.get(i).start()), matches.get(i).end(), "");
    }
    return parse(edited.toString());
  }

  /**
   * Writes the file readable by its owner only (it holds tokens), through a temporary file and a
   * rename so that a crash never leaves half a file. A symbolic link is followed, not replaced.
   */
  public void write(Path file) throws IOException {
    Path target = Files.isSymbolicLink(file) ? file.toRealPath() : file;
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp;
    try {
      temp = Files.createTempFile(dir, ".netrc", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (UnsupportedOperationException e) {
      temp = Files.createTempFile(dir, ".netrc", ".tmp");
    }
    try {
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      try {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private List<Entry> machines(String host) {
    return entries.stream()
        .filter(e -> e.kind() == Kind.MACHINE && e.name().equalsIgnoreCase(host))
        .toList();
  }

  /** Moves a removal's start back over the indentation, when the entry begins its line. */
  private int lineStart(int start) {
    int i = start;
    while (i > 0 && (text.charAt(i - 1) == ' ' || text.charAt(i - 1) == '\t')) {
      i--;
    }
    return i == 0 || text.charAt(i - 1) == '\n' ? i : start;
  }

  /** Parses netrc syntax: tokens split by whitespace, "quoted" tokens, # comments, macdef bodies. */
  public static Netrc parse(String text) {
    Tokenizer tokens = new Tokenizer(text);
    List<Entry> entries = new ArrayList<>();
    Kind kind = null;
    String name = null;
    Map<String, String> fields = new HashMap<>();
    int start = 0;
    int lastEnd = 0;
    for (Token token = tokens.next(); token != null; token = tokens.next()) {
      switch (token.value()) {
        case "machine", "default", "macdef" -> {
          if (kind != null) {
            entries.add(new Entry(kind, name, fields, start, tokens.endOfEntry(lastEnd)));
          }
          kind = null;
          fields = new HashMap<>();
          start = token.start();
          if (token.value().equals("default")) {
            kind = Kind.DEFAULT;
            name = "";
            lastEnd = token.end();
          } else {
            Token named = tokens.next();
            name = named == null ? "" : named.value();
            lastEnd = named == null ? token.end() : named.end();
            if (token.value().equals("machine")) {
              kind = Kind.MACHINE;
            } else {
              int bodyEnd = tokens.skipMacroBody(lastEnd);
              entries.add(new Entry(Kind.MACDEF, name, Map.of(), start, bodyEnd));
            }
          }
        }
        case "login", "password", "account" -> {
          Token value = tokens.next();
          if (value != null) {
            fields.putIfAbsent(token.value(), value.value());
            lastEnd = value.end();
          } else {
            lastEnd = token.end();
          }
        }
        default -> lastEnd = token.end();
      }
    }
    if (kind != null) {
      entries.add(new Entry(kind, name, fields, start, tokens.endOfEntry(lastEnd)));
    }
    // Nothing can follow an unterminated macro body, so only the last entry can be one.
    boolean endsInsideMacro =
        !entries.isEmpty() && entries.getLast().kind() == Kind.MACDEF && tokens.macroUnterminated();
    return new Netrc(text, entries, endsInsideMacro);
  }

  private record Token(String value, int start, int end) {}

  private static final class Tokenizer {
    private final String text;
    private int pos;
    private boolean macroUnterminated;

    Tokenizer(String text) {
      this.text = text;
    }

    Token next() {
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (Character.isWhitespace(c)) {
          pos++;
        } else if (c == '#') {
          while (pos < text.length() && text.charAt(pos) != '\n') {
            pos++;
          }
        } else {
          break;
        }
      }
      if (pos >= text.length()) {
        return null;
      }
      int start = pos;
      StringBuilder value = new StringBuilder();
      if (text.charAt(pos) == '"') {
        pos++;
        while (pos < text.length() && text.charAt(pos) != '"') {
          if (text.charAt(pos) == '\\' && pos + 1 < text.length()) {
            pos++;
          }
          value.append(text.charAt(pos++));
        }
        pos = Math.min(pos + 1, text.length());
      } else {
        while (pos < text.length() && !Character.isWhitespace(text.charAt(pos))) {
          value.append(text.charAt(pos++));
        }
      }
      return new Token(value.toString(), start, pos);
    }

    /** Skips a macdef body (from the next line to the first empty line); returns where it ends. */
    int skipMacroBody(int afterName) {
      int lineEnd = text.indexOf('\n', afterName);
      if (lineEnd < 0) {
        pos = text.length();
        macroUnterminated = true;
        return pos;
      }
      int bodyStart = lineEnd + 1;
      if (bodyStart < text.length() && text.charAt(bodyStart) == '\n') {
        pos = bodyStart + 1;
        macroUnterminated = false;
        return pos;
      }
      int blank = text.indexOf("\n\n", bodyStart);
      macroUnterminated = blank < 0;
      pos = blank < 0 ? text.length() : blank + 2;
      return pos;
    }

    boolean macroUnterminated() {
      return macroUnterminated;
    }

    /**
     * An entry ends after its last token and takes the rest of that line when only blanks or a
     * comment follow; when another entry follows on the same line, it ends where that one starts.
     */
    int endOfEntry(int lastEnd) {
      int i = lastEnd;
      while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == '\r')) {
        i++;
      }
      if (i < text.length() && text.charAt(i) == '#') {
        while (i < text.length() && text.charAt(i) != '\n') {
          i++;
        }
      }
      return i < text.length() && text.charAt(i) == '\n' ? i + 1 : i;
    }
  }
}
