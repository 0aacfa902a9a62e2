package paas.api.http;

import org.junit.jupiter.api.Test;
import paas.api.store.ListRange;
import paas.api.store.Page;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RangeHeaderTest {

    @Test
    void absentHeaderMeansTheDefaultPage() {
        assertThat(RangeHeader.parse(null, "version", false)).isEqualTo(new ListRange(null, false, 200, false));
    }

    @Test
    void herokuFormsParse() {
        assertThat(RangeHeader.parse("version ..; max=10, order=desc", "version", false))
                .isEqualTo(new ListRange(null, false, 10, true));
        assertThat(RangeHeader.parse("version ]5..; max=10, order=desc", "version", false))
                .isEqualTo(new ListRange("5", true, 10, true));
        assertThat(RangeHeader.parse("name my-app..", "name", false))
                .isEqualTo(new ListRange("my-app", false, 200, false));
    }

    @Test
    void theFirstPageByIdIsTheListsFirstPageAsTheNpmHerokuClientAsksByDefault() {
        assertThat(RangeHeader.parse("id ..; max=1000", "version", false)).isEqualTo(new ListRange(null, false, 1000, false));
        assertThat(RangeHeader.parse("id ..; max=5, order=desc", "name", false)).isEqualTo(new ListRange(null, false, 5, true));
    }

    @Test
    void nextRangeContinuesAfterTheLastItem() {
        ListRange range = new ListRange(null, false, 2, true);
        assertThat(RangeHeader.next("version", new Page<>(List.of(6, 5), "5", true), range))
                .isEqualTo("version ]5..; max=2, order=desc");
    }

    @Test
    void badHeadersAreRefused() {
        assertThatThrownBy(() -> RangeHeader.parse("id ]0123..", "version", false)).isInstanceOf(ApiError.class)
                .hasMessageContaining("version ..");
        assertThatThrownBy(() -> RangeHeader.parse("created_at ..", "version", false)).isInstanceOf(ApiError.class);
        assertThatThrownBy(() -> RangeHeader.parse("version ..; max=5000", "version", false))
                .hasMessageContaining("1 to 1000");
        assertThatThrownBy(() -> RangeHeader.parse("version ..; order=random", "version", false))
                .hasMessageContaining("asc or desc");
    }
}
