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
}
