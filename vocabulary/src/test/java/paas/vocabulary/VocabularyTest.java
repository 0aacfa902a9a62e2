package paas.vocabulary;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VocabularyTest {
    @Test
    void appNames() {
        assertThat(AppName.check("my-app-2")).isEqualTo("my-app-2");
        for (String bad : new String[] {null, "a", "My-app", "2app", "app_1", "a".repeat(31), "app\n"}) {
            assertThat(AppName.isValid(bad)).as(String.valueOf(bad)).isFalse();
        }
        assertThatThrownBy(() -> new AppName("Bad\u001bName")).isInstanceOf(InvalidValueException.class)
                .hasMessage("invalid app name 'Bad\\x1bName': names start with a lowercase letter and contain only"
                        + " lowercase letters, digits and dashes, 2 to 30 characters in all (^[a-z][a-z0-9-]{1,29}$)");
    }

    @Test
    void theHandWrittenAppNameCheckIsTheRegex() {
        java.util.Random random = new java.util.Random(42);
        String alphabet = "az09-_A.\u00e9 ";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(33);
            for (int j = 0; j < length; j++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String value = s.toString();
            assertThat(AppName.isValid(value)).as(value).isEqualTo(value.matches(AppName.REGEX));
        }
    }

    @Test
    void configKeys() {
        assertThat(ConfigKey.isValid("DATABASE_URL")).isTrue();
        assertThat(ConfigKey.isValid("_private1")).isTrue();
        assertThat(ConfigKey.isValid("1ABC")).isFalse();
        assertThat(ConfigKey.isValid("A-B")).isFalse();
        assertThat(ConfigKey.isValid("A".repeat(256))).isFalse();
        assertThatThrownBy(() -> ConfigKey.check("A=B")).hasMessageContaining("invalid config var name 'A=B'");
    }

    @Test
    void processTypesAndDynoNames() {
        assertThat(ProcessType.isValid("web")).isTrue();
        assertThat(ProcessType.isValid("clock_2-x")).isTrue();
        assertThat(ProcessType.isValid("web.1")).isFalse();
        assertThat(ProcessType.isValid("")).isFalse();

        DynoName dyno = new DynoName("worker.12");
        assertThat(dyno.type()).isEqualTo("worker");
        assertThat(dyno.index()).isEqualTo(12);
        assertThat(DynoName.of("run", 4312).value()).isEqualTo("run.4312");
        for (String bad : new String[] {"web.0", "web.01", "web", ".1", "web.1234567890", "we b.1"}) {
            assertThat(DynoName.isValid(bad)).as(bad).isFalse();
        }
        assertThatThrownBy(() -> new DynoName("web.0")).hasMessageContaining("TYPE.N such as web.1 (N from 1)");
    }

    @Test
    void stackNames() {
        assertThat(StackName.check("container")).isEqualTo(StackName.CONTAINER);
        assertThat(StackName.check("paas-bookworm")).isEqualTo(StackName.BUILDPACKS);
        assertThatThrownBy(() -> StackName.check("heroku-24"))
                .hasMessage("stack 'heroku-24' does not exist; the stacks are paas-bookworm and container");
    }

    @Test
    void slugIds() {
        assertThat(SlugId.isValid("a".repeat(64))).isTrue();
        assertThat(SlugId.isValid("A".repeat(64))).isFalse();
        assertThat(SlugId.isValid("a".repeat(63))).isFalse();
        assertThatThrownBy(() -> SlugId.check("x")).hasMessageContaining("sha256 digests");
    }

    @Test
    void quotesCutLongInputAndShowControlCharacters() {
        assertThat(Quote.of(null)).isEqualTo("(missing)");
        assertThat(Quote.of("a\tb")).isEqualTo("'a\\x09b'");
        assertThat(Quote.of("x".repeat(100))).isEqualTo("'" + "x".repeat(80) + "...'");
    }

    @Test
    void textFromOutsideStaysOnOneLine() {
        assertThat(Quote.controls("plain")).isEqualTo("plain");
        assertThat(Quote.controls("a\nINFO forged\r\u0000\u001b[31m\u0085\u00e9")).isEqualTo("a\\x0aINFO forged\\x0d\\x00\\x1b[31m\\x85\u00e9");
        assertThat(Quote.logValue("/apps/a\"b\\c\n")).isEqualTo("\"/apps/a\\\"b\\\\c\\x0a\"");
        assertThat(Quote.of("\u009b")).as("C1 controls too").isEqualTo("'\\x9b'");
    }

    @Test
    void hostnames() {
        assertThat(new Hostname("WWW.Example.com").value()).as("kept lowercase").isEqualTo("www.example.com");
        assertThat(new Hostname("*.example.com").isWildcard()).isTrue();
        assertThat(new Hostname("api.a.example").isWithin("a.example")).isTrue();
        assertThat(new Hostname("a.example").isWithin("a.example")).isTrue();
        assertThat(new Hostname("bba.example").isWithin("a.example")).isFalse();
        String longest = ("a".repeat(63) + ".").repeat(3) + "a".repeat(61);
        assertThat(new Hostname(longest).value()).hasSize(253);
        for (String bad : new String[] {null, "", "localhost", "*.com", "a..b", "-a.example", "a-.example",
                "a_b.example", "*.*.example", "www.*.example", "a." + "b".repeat(64), longest + "a", "a.example\n"}) {
            assertThatThrownBy(() -> new Hostname(bad)).as(String.valueOf(bad)).isInstanceOf(InvalidValueException.class)
                    .hasMessageContaining("a leading '*.' makes a wildcard");
        }
        for (String address : new String[] {"127.0.0.1", "*.0.0.1", "10.1.2.3", "a.123"}) {
            assertThatThrownBy(() -> new Hostname(address)).as(address).hasMessageContaining("not a hostname");
        }
        assertThat(new Hostname("1.2.3.example").value()).as("digits but a named TLD").isEqualTo("1.2.3.example");
        Hostname wildcard = new Hostname("*.a.example");
        assertThat(wildcard.overlaps(new Hostname("api.a.example"))).isTrue();
        assertThat(new Hostname("api.a.example").overlaps(wildcard)).isTrue();
        assertThat(wildcard.overlaps(new Hostname("a.example"))).isFalse();
        assertThat(wildcard.overlaps(new Hostname("x.api.a.example"))).isFalse();
        assertThat(wildcard.overlaps(new Hostname("*.b.a.example"))).isFalse();
        assertThat(new Hostname("api.a.example").wildcardOver()).contains(wildcard);
        assertThat(new Hostname("a.example").wildcardOver()).as("no wildcard over a TLD").isEmpty();
        assertThat(Hostname.isDnsName("localhost", 1)).isTrue();
        assertThat(Hostname.isDnsName("localhost", 2)).isFalse();
        assertThat(Hostname.isDnsName("Upper.example", 1)).as("a name as given is checked as is").isFalse();
    }

    @Test
    void configVars() {
        ConfigVars vars = new ConfigVars(java.util.Map.of("B", "2", "A", "1"));
        assertThat(vars.values().keySet()).containsExactly("A", "B");
        assertThatThrownBy(() -> new ConfigVars(java.util.Map.of("1A", "x"))).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("invalid config var name '1A'");
        assertThatThrownBy(() -> ConfigVars.checkEntry("A", "x\0y")).hasMessageContaining("contains a NUL character");
        assertThatThrownBy(() -> ConfigVars.checkEntry("A", null)).hasMessageContaining("has no value");
        ConfigVars.checkEntry("A", "x".repeat(ConfigVars.MAX_VALUE_BYTES));
        assertThatThrownBy(() -> ConfigVars.checkEntry("A", "\u00e9".repeat(ConfigVars.MAX_VALUE_BYTES / 2 + 1)))
                .as("bytes, not characters").hasMessageContaining("a value may be at most 32768 bytes");
        String half = "x".repeat(ConfigVars.MAX_VALUE_BYTES);
        assertThatThrownBy(() -> new ConfigVars(java.util.Map.of("A", half, "B", half)))
                .hasMessageContaining("may take at most 65536 bytes");
        assertThatThrownBy(() -> ConfigVars.EMPTY.values().put("A", "1"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void releaseVersions() {
        assertThat(ReleaseVersion.parse("v12")).contains(new ReleaseVersion(12));
        assertThat(ReleaseVersion.parse("V12")).contains(new ReleaseVersion(12));
        assertThat(ReleaseVersion.parse("12")).contains(new ReleaseVersion(12));
        assertThat(ReleaseVersion.parse("v999999999")).contains(new ReleaseVersion(999_999_999));
        for (String bad : new String[] {null, "", "v", "v0", "0", "v012", "v1234567890", "12a", "vv1", " v1", "-1"}) {
            assertThat(ReleaseVersion.parse(bad)).as(String.valueOf(bad)).isEmpty();
        }
        assertThat(new ReleaseVersion(3)).hasToString("v3");
        assertThatThrownBy(() -> new ReleaseVersion(0)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void sizeNamesAreReadInAnyCaseAndByHerokusNamesAndPrintedAsHerokuDoes() {
        assertThat(DynoSize.canonicalName("Standard-2X")).isEqualTo("standard-2x");
        assertThat(DynoSize.canonicalName(" PERFORMANCE-M ")).isEqualTo("performance-m");
        assertThat(DynoSize.canonicalName("Eco")).isEqualTo("basic");
        assertThat(DynoSize.canonicalName("hobby")).isEqualTo("basic");
        assertThat(DynoSize.canonicalName("Private-L")).isEqualTo("performance-l");
        assertThat(DynoSize.canonicalName("huge")).isEqualTo("huge");
        assertThat(DynoSize.herokuName("standard-1x")).isEqualTo("Standard-1X");
        assertThat(DynoSize.herokuName("performance-l")).isEqualTo("Performance-L");
        assertThat(DynoSize.herokuName("basic")).isEqualTo("Basic");
        for (String name : java.util.List.of("basic", "standard-1x", "standard-2x", "performance-m", "performance-l")) {
            assertThat(DynoSize.canonicalName(DynoSize.herokuName(name))).as("printed and typed back").isEqualTo(name);
        }
    }
}
