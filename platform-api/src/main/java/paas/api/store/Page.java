package paas.api.store;

import java.util.List;

/** Items of one page and, when the list goes on, the key of its last item. */
public record Page<T>(List<T> items, String lastKey, boolean more) {
    public Page {
        items = List.copyOf(items);
    }
}
