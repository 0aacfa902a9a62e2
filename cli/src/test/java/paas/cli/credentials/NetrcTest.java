package paas.cli.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetrcTest {
  private static final String OTHERS = """
      # my machines
      machine github.com
        login octocat
        password gh-token

      machine api.heroku.com login me@example.com password heroku-token
      """;

  @Test
  void lookupFindsTheHostsLoginAndPassword() {
    Netrc netrc = Netrc.parse(OTHERS);
    assertThat(netrc.lookup("github.com")).contains(new Netrc.Login("octocat", "gh-token"));
    assertThat(netrc.lookup("API.HEROKU.COM")).contains(new Netrc.Login("me@example.com", "heroku-token"));
    assertThat(netrc.lookup("paas.example.com")).isEmpty();
  }

  @Test
  void lookupReadsQuotedTokens() {
    Netrc netrc = Netrc.parse("machine h login \"a b\" password \"p\\\"q\"\n");
    assertThat(netrc.lookup("h")).contains(new Netrc.Login("a b", "p\"q"));
  }

  @Test
  void lookupIgnoresTheDefaultEntry() {
    assertThat(Netrc.parse("default login anon password guest\n").lookup("paas.example.com")).isEmpty();
  }

  @Test
  void addingAHostAppendsItAndKeepsEveryOtherByte() {
    String text = Netrc.parse(OTHERS).withMachine("paas.example.com", "dev@example.com", "t0k3n").text();
    assertThat(text).isEqualTo(OTHERS + "machine paas.example.com\n  login dev@example.com\n  password t0k3n\n");
  }

  @Test
  void addingToAFileWithoutFinalNewlineStartsANewLine() {
    String text = Netrc.parse("machine a login b password c").withMachine("h", "l", "p").text();
    assertThat(text).isEqualTo("machine a login b password c\nmachine h\n  login l\n  password p\n");
  }

  @Test
  void replacingAHostChangesOnlyItsEntry() {
    String before = OTHERS + "machine paas.example.com\n  login old@example.com\n  password old\n# trailing comment\n";
    String after = Netrc.parse(before).withMachine("paas.example.com", "new@example.com", "new").text();
    assertThat(after).isEqualTo(OTHERS + "machine paas.example.com\n  login new@example.com\n  password new\n# trailing comment\n");
  }

  @Test
  void replacingAHostOnOneLineAmongOthersKeepsTheOthers() {
    String before = "machine a login x password y\nmachine paas login old password old\nmachine b login z password w\n";
    String after = Netrc.parse(before).withMachine("paas", "me", "tok").text();
    assertThat(after).isEqualTo("machine a login x password y\nmachine paas\n  login me\n  password tok\nmachine b login z password w\n");
  }

  @Test
  void replacingAHostListedTwiceLeavesOneEntry() {
    String before = "machine paas login a password 1\nmachine other login o password o\nmachine paas login b password 2\n";
    Netrc after = Netrc.parse(before).withMachine("paas", "me", "tok");
    assertThat(after.text()).isEqualTo("machine paas\n  login me\n  password tok\nmachine other login o password o\n");
    assertThat(after.lookup("paas")).contains(new Netrc.Login("me", "tok"));
  }

  @Test
  void newHostGoesBeforeTheDefaultEntryWhichStaysLast() {
    String before = "machine a login x password y\ndefault login anonymous password guest\n";
    Netrc after = Netrc.parse(before).withMachine("paas", "me", "tok");
    assertThat(after.text()).isEqualTo(
        "machine a login x password y\nmachine paas\n  login me\n  password tok\ndefault login anonymous password guest\n");
    assertThat(after.lookup("paas")).contains(new Netrc.Login("me", "tok"));
  }

  @Test
  void macroAfterTheHostsEntrySurvivesItsReplacement() {
    String macro = "macdef init\ncd /pub\nmachine fake login in password macro\n\n";
    String before = "machine paas login old password old\n" + macro + "machine z login z password z\n";
    Netrc after = Netrc.parse(before).withMachine("paas", "me", "tok");
    assertThat(after.text()).isEqualTo("machine paas\n  login me\n  password tok\n" + macro + "machine z login z password z\n");
    assertThat(after.lookup("fake")).as("macro bodies are not entries").isEmpty();
    assertThat(after.lookup("z")).contains(new Netrc.Login("z", "z"));
  }

  @Test
  void hostAppendedAfterAnUnterminatedMacroIsNotSwallowedByIt() {
    String before = "machine a login x password y\nmacdef init\ncd /pub\n";
    Netrc after = Netrc.parse(before).withMachine("paas", "me", "tok");
    assertThat(after.text()).startsWith(before + "\n");
    assertThat(Netrc.parse(after.text()).lookup("paas")).contains(new Netrc.Login("me", "tok"));
  }

  @Test
  void removingAHostKeepsEverythingElse() {
    String before = OTHERS + "machine paas.example.com\n  login me\n  password tok\ndefault login anonymous password guest\n";
    String after = Netrc.parse(before).withoutMachine("paas.example.com").text();
    assertThat(after).isEqualTo(OTHERS + "default login anonymous password guest\n");
  }

  @Test
  void removingAnAbsentHostChangesNothing() {
    assertThat(Netrc.parse(OTHERS).withoutMachine("nope").text()).isEqualTo(OTHERS);
  }

  @Test
  void valuesThatCannotBeNetrcTokensAreRefused() {
    assertThatThrownBy(() -> Netrc.empty().withMachine("h", "a b", "p")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Netrc.empty().withMachine("h", "a", "")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void writtenFileIsReadableByItsOwnerOnly(@TempDir Path dir) throws IOException {
    Path file = dir.resolve(".netrc");
    Files.writeString(file, OTHERS);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    Netrc.read(file).withMachine("paas", "me", "tok").write(file);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(Files.readString(file)).startsWith(OTHERS).contains("machine paas");
    try (var files = Files.list(dir)) {
      assertThat(files).as("no temporary file left behind").containsExactly(file);
    }
  }

  @Test
  void writingThroughASymlinkKeepsTheLink(@TempDir Path dir) throws IOException {
    Path real = dir.resolve("dotfiles-netrc");
    Files.writeString(real, OTHERS);
    Path link = Files.createSymbolicLink(dir.resolve(".netrc"), real);
    Netrc.read(link).withMachine("paas", "me", "tok").write(link);
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Netrc.read(real).lookup("paas")).contains(new Netrc.Login("me", "tok"));
  }

  @Test
  void missingFileReadsAsEmpty(@TempDir Path dir) throws IOException {
    assertThat(Netrc.read(dir.resolve(".netrc")).text()).isEmpty();
  }
}
