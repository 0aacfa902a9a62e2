package paas.api.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import paas.api.store.ListRange;
import paas.api.store.Page;

import java.util.List;
import java.util.Map;

/** Answers a page: 200 when complete, 206 with Next-Range when the list goes on. */
final class Paging {
    private Paging() {
    }

    static ApiResponse answer(List<?> views, Page<?> page, ListRange range, String field) {
        if (!page.more()) {
            return ApiResponse.ok(views);
        }
        return new ApiResponse(HttpResponseStatus.PARTIAL_CONTENT, views,
                Map.of("Next-Range", RangeHeader.next(field, page, range)));
    }
}
