package paas.api.http;

import paas.api.store.ListRange;
import paas.api.store.Page;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heroku's list paging: {@code Range: version ]5..; max=10, order=desc} asks for at most 10
 * items after version 5 in descending order; a cut list answers with a {@code Next-Range} on the
 * list's own field, which clients send back as is.
 */
public final class RangeHeader {
    private static final Pattern FORM = Pattern.compile(
            "\\s*(?<field>[a-z_]+)\\s*(?<excl>\\])?(?<start>[^.;\\s]*)\\s*\\.\\.\\s*[^;]*"
                    + "(;\\s*(?<opts>.*))?");

    private RangeHeader() {
    }

    /** The range asked for; the whole default page when the header is absent. */
    public static ListRange parse(String header, String field, boolean defaultDescending) {
        if (header == null || header.isBlank()) {
            return ListRange.all(defaultDescending);
        }
        Matcher m = FORM.matcher(header);
        // Heroku lists also take ranges on id, and clients (the npm heroku-client) send
        // "id ..; max=1000" by default; with no start it asks for the first page in the list's order.
        boolean firstPageById = m.matches() && m.group("field").equals("id") && m.group("start").isEmpty();
        if (!m.matches() || !(field.equals(m.group("field")) || firstPageById)) {
            throw ApiError.badRequest("invalid Range header '" + header + "': use '" + field
                    + " ..; max=200, order=asc' (field " + field + ", max 1 to " + ListRange.LARGEST_MAX + ")");
        }
        int max = ListRange.DEFAULT_MAX;
        boolean descending = defaultDescending;
        String opts = m.group("opts");
        if (opts != null) {
            for (String opt : opts.split(",")) {
                String[] kv = opt.trim().split("=", 2);
                if (kv.length != 2) {
                    continue;
                }
                switch (kv[0].trim()) {
                    case "max" -> max = parseMax(kv[1].trim(), header);
                    case "order" -> descending = parseOrder(kv[1].trim(), header);
                    default -> { }
                }
            }
        }
        String start = m.group("start");
        return new ListRange(start.isEmpty() ? null : start, m.group("excl") != null, max, descending);
    }

    private static int parseMax(String value, String header) {
        try {
            int max = Integer.parseInt(value);
            if (max >= 1 && max <= ListRange.LARGEST_MAX) {
                return max;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the refusal below
        }
        throw ApiError.badRequest("invalid max in Range header '" + header + "': max is 1 to " + ListRange.LARGEST_MAX);
    }

    private static boolean parseOrder(String value, String header) {
        return switch (value) {
            case "asc" -> false;
            case "desc" -> true;
            default -> throw ApiError.badRequest("invalid order in Range header '" + header + "': use asc or desc");
        };
    }

    /** The Next-Range for a page that was cut, continuing after its last item. */
    public static String next(String field, Page<?> page, ListRange range) {
        return field + " ]" + page.lastKey() + "..; max=" + range.max() + ", order=" + (range.descending() ? "desc" : "asc");
    }
}
