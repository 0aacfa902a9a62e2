package paas.builder.container;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ImageCommandTest {
    @Test
    void rendersExecAndShellFormsAsOneShellLine() {
        assertThat(ImageCommand.of(new String[] {"node", "index.js"})).contains("node index.js");
        assertThat(ImageCommand.of(new String[] {"/bin/sh", "-c", "npm start -- --port $PORT"}))
                .contains("npm start -- --port $PORT");
        assertThat(ImageCommand.of(new String[] {"gunicorn", "app:app", "-b", "0.0.0.0:$PORT"}))
                .contains("gunicorn app:app -b '0.0.0.0:$PORT'");
        assertThat(ImageCommand.of(new String[] {"echo", "it's"})).contains("echo 'it'\\''s'");
        assertThat(ImageCommand.of(null)).isEqualTo(Optional.empty());
        assertThat(ImageCommand.of(new String[0])).isEqualTo(Optional.empty());
    }
}
