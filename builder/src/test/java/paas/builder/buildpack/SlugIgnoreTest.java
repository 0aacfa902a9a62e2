package paas.builder.buildpack;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SlugIgnoreTest {
    private final SlugIgnore ignore = SlugIgnore.parse("""
            # comment
            *.psd
            /docs
            spec/
            tmp/*.log
            assets/**/raw
            **/fixtures
            !keep.psd
            file?.bin
            [Tt]humbs.db
            trailing-space.txt   \s
            """);

    @Test
    void basenamePatternsMatchAtAnyDepth() {
        assertThat(ignore.ignores("design.psd", false)).isTrue();
        assertThat(ignore.ignores("a/b/design.psd", false)).isTrue();
        assertThat(ignore.ignores("design.psd.txt", false)).isFalse();
        assertThat(ignore.ignores("x/Thumbs.db", false)).isTrue();
        assertThat(ignore.ignores("file1.bin", false)).isTrue();
        assertThat(ignore.ignores("file10.bin", false)).isFalse();
        assertThat(ignore.ignores("trailing-space.txt", false)).isTrue();
    }

    @Test
    void leadingSlashAnchorsAtTheRoot() {
        assertThat(ignore.ignores("docs", true)).isTrue();
        assertThat(ignore.ignores("docs/index.md", false)).isTrue();
        assertThat(ignore.ignores("src/docs/index.md", false)).isFalse();
    }

    @Test
    void trailingSlashMatchesDirectoriesAndEverythingBelow() {
        assertThat(ignore.ignores("spec", true)).isTrue();
        assertThat(ignore.ignores("spec", false)).isFalse();
        assertThat(ignore.ignores("lib/spec/a_spec.rb", false)).isTrue();
    }

    @Test
    void slashInsideAnchorsAndStarStaysInOneDirectory() {
        assertThat(ignore.ignores("tmp/a.log", false)).isTrue();
        assertThat(ignore.ignores("tmp/x/a.log", false)).isFalse();
        assertThat(ignore.ignores("other/tmp/a.log", false)).isFalse();
    }

    @Test
    void doubleStarCrossesDirectories() {
        assertThat(ignore.ignores("assets/raw", true)).isTrue();
        assertThat(ignore.ignores("assets/img/big/raw/x.png", false)).isTrue();
        assertThat(ignore.ignores("fixtures/a", false)).isTrue();
        assertThat(ignore.ignores("test/deep/fixtures/a", false)).isTrue();
    }

    @Test
    void negationIsNotSupportedAndReported() {
        assertThat(ignore.unsupported()).containsExactly("!keep.psd");
        assertThat(ignore.ignores("keep.psd", false)).isTrue();
    }

    @Test
    void emptyIgnoreKeepsEverything() {
        assertThat(SlugIgnore.parse("# only a comment\n\n").ignores("anything", false)).isFalse();
        assertThat(SlugIgnore.none().isEmpty()).isTrue();
    }
}
