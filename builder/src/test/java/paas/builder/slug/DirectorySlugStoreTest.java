package paas.builder.slug;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import paas.builder.Slug;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DirectorySlugStoreTest {
    @TempDir
    Path tmp;

    private Path file(String name, String content) throws IOException {
        return Files.writeString(tmp.resolve(name), content);
    }

    @Test
    void putStoresReadOnlyFileNamedBySha256AndConsumesTheInput() throws Exception {
        DirectorySlugStore store = new DirectorySlugStore(tmp.resolve("data"));
        Path in = file("a.tgz", "slug bytes");
        Slug slug = store.put(in);

        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest("slug bytes".getBytes()));
        assertThat(slug).isEqualTo(new Slug(expected, 10));
        Path stored = tmp.resolve("data/slugs/" + expected + ".tgz");
        assertThat(store.path(expected)).contains(stored);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored))).isEqualTo("r--r--r--");
        assertThat(in).doesNotExist();
        try (InputStream s = store.open(expected)) {
            assertThat(new String(s.readAllBytes())).isEqualTo("slug bytes");
        }
    }

    @Test
    void sameBytesTwiceKeepTheFirstFileUntouched() throws Exception {
        DirectorySlugStore store = new DirectorySlugStore(tmp.resolve("data"));
        Slug first = store.put(file("a.tgz", "same"));
        Path stored = store.path(first.sha256()).orElseThrow();
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(stored, old);
        Object inode = Files.readAttributes(stored, "unix:ino").get("ino");

        Slug second = store.put(file("b.tgz", "same"));

        assertThat(second).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(stored)).isEqualTo(old);
        assertThat(Files.readAttributes(stored, "unix:ino").get("ino")).isEqualTo(inode);
        try (Stream<Path> files = Files.list(store.directory())) {
            assertThat(files).containsExactly(stored);   // no temporary file left
        }
    }

    @Test
    void idsAreValidated() throws IOException {
        DirectorySlugStore store = new DirectorySlugStore(tmp.resolve("data"));
        for (String bad : new String[]{"../../etc/passwd", "ABCDEF" + "0".repeat(58), "abc", "", null}) {
            assertThatThrownBy(() -> store.path(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("64 lowercase hex");
            assertThatThrownBy(() -> store.open(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        String missing = "0".repeat(64);
        assertThat(store.path(missing)).isEmpty();
        assertThatThrownBy(() -> store.open(missing)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void idsListStoredSlugsOnlyAndDeleteRemovesOne() throws Exception {
        DirectorySlugStore store = new DirectorySlugStore(tmp.resolve("data"));
        Slug a = store.put(file("a.tgz", "first"));
        Slug b = store.put(file("b.tgz", "second"));
        Files.writeString(store.directory().resolve(".incoming-123.part"), "being put");
        Files.writeString(store.directory().resolve("notes.txt"), "not a slug");

        assertThat(store.ids()).containsExactlyInAnyOrder(a.sha256(), b.sha256());
        assertThat(store.delete(a.sha256())).isTrue();
        assertThat(store.delete(a.sha256())).isFalse();
        assertThat(store.ids()).containsExactly(b.sha256());
        assertThat(store.path(a.sha256())).isEmpty();
        assertThatThrownBy(() -> store.delete("../notes")).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.directory().resolve("notes.txt")).exists();
    }
}
