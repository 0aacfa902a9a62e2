package paas.builder.buildpack;

import org.junit.jupiter.api.Test;
import paas.builder.BuildFailedException;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReleaseYamlTest {
    private static Map<String, String> parse(String yaml) throws BuildFailedException {
        return ReleaseYaml.defaultProcessTypes(yaml.getBytes(StandardCharsets.UTF_8), "test-bp");
    }

    @Test
    void defaultProcessTypesAreRead() throws BuildFailedException {
        assertThat(parse("---\naddons: []\nconfig_vars:\n  A: b\ndefault_process_types:\n  web: npm start\n"
                + "  worker: 'node worker.js --x=$Y'\n"))
                .containsExactly(Map.entry("web", "npm start"), Map.entry("worker", "node worker.js --x=$Y"));
    }

    @Test
    void emptyOutputOrNoTypesMeansNone() throws BuildFailedException {
        assertThat(parse("")).isEmpty();
        assertThat(parse("---\n")).isEmpty();
        assertThat(parse("---")).isEmpty();
        assertThat(parse("\n---\n\n")).isEmpty();
        assertThat(parse("{}\n")).isEmpty();
        assertThat(parse("--- {}\n")).isEmpty();
        assertThat(parse("---\naddons: []\n")).isEmpty();
        assertThat(parse("default_process_types:\n")).isEmpty();
    }

    @Test
    void anyOtherDocumentThatIsNoMappingFailsWithItsLineShown() {
        assertThatThrownBy(() -> parse("---\nweb: npm start\n- oops\n")).isInstanceOf(BuildFailedException.class);
        assertThatThrownBy(() -> parse("--- just some words\n")).isInstanceOf(BuildFailedException.class)
                .hasMessageContaining("must print a YAML mapping").hasMessageContaining("just some words");
        assertThatThrownBy(() -> parse("- web\n- worker\n")).hasMessageContaining("ARRAY").hasMessageContaining("- web");
    }

    @Test
    void billionLaughsAnchorsAreRefused() {
        String bomb = """
                a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
                b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
                c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
                d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
                e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
                f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
                g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
                default_process_types:
                  web: *g
                """;
        assertThatThrownBy(() -> parse(bomb)).isInstanceOf(BuildFailedException.class)
                .hasMessageContaining("bin/release of buildpack 'test-bp'")
                .hasMessageContaining("refused");
    }

    @Test
    void aliasAloneIsRefused() {
        assertThatThrownBy(() -> parse("x: &cmd npm start\ndefault_process_types:\n  web: *cmd\n"))
                .hasMessageContaining("not allowed");
    }

    @Test
    void tagsAreRefused() {
        assertThatThrownBy(() -> parse("default_process_types: !!javax.script.ScriptEngineManager [x]\n"))
                .hasMessageContaining("tags");
        assertThatThrownBy(() -> parse("default_process_types:\n  web: !!python/object:os.system ls\n"))
                .hasMessageContaining("tags");
        assertThatThrownBy(() -> parse("default_process_types:\n  web: !custom npm start\n"))
                .hasMessageContaining("tags");
    }

    @Test
    void hugeDocumentIsRefusedBeforeParsing() {
        String huge = "default_process_types:\n  web: " + "x".repeat(ReleaseYaml.MAX_BYTES) + "\n";
        assertThatThrownBy(() -> parse(huge)).hasMessageContaining("over the limit of " + ReleaseYaml.MAX_BYTES);
    }

    @Test
    void tooManyTokensOrDeepNestingIsRefused() {
        StringBuilder many = new StringBuilder("list: [");
        for (int i = 0; i < 12_000; i++) {
            many.append("1,");
        }
        many.append("1]\n");
        assertThatThrownBy(() -> parse(many.toString())).hasMessageContaining("refused");
        String deep = "a: " + "[".repeat(200) + "]".repeat(200) + "\n";
        assertThatThrownBy(() -> parse(deep)).hasMessageContaining("refused");
    }

    @Test
    void severalDocumentsAreRefused() {
        assertThatThrownBy(() -> parse("--- {}\n---\ndefault_process_types:\n  web: evil\n"))
                .hasMessageContaining("one YAML document");
    }

    @Test
    void wrongShapesAreRefusedWithTheRule() {
        assertThatThrownBy(() -> parse("- a\n- b\n")).hasMessageContaining("mapping");
        assertThatThrownBy(() -> parse("default_process_types: [web]\n")).hasMessageContaining("TYPE: COMMAND");
        assertThatThrownBy(() -> parse("default_process_types:\n  'we b': x\n")).hasMessageContaining("'we b'");
        assertThatThrownBy(() -> parse("default_process_types:\n  web: {a: b}\n")).hasMessageContaining("command string");
        assertThatThrownBy(() -> parse("default_process_types:\n  web: a\n  web: b\n")).hasMessageContaining("refused");
    }
}
