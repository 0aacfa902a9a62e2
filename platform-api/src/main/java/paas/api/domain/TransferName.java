package paas.api.domain;

import paas.vocabulary.Quote;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A transfer's name as users type it: {@code b001}, {@code a002}, {@code r003}, or the bare number
 * ({@code 1}, {@code 001}). The letter, when given, must be the transfer's kind.
 */
public record TransferName(Optional<Character> letter, int num) {
    private static final Pattern SHAPE = Pattern.compile("([abr])?0*([1-9][0-9]{0,8})");

    public static TransferName parse(String typed) {
        Matcher m = SHAPE.matcher(typed == null ? "" : typed.strip().toLowerCase(java.util.Locale.ROOT));
        if (!m.matches()) {
            throw new PlatformException.InvalidParams(Quote.of(typed) + " is not a backup id: use one such as"
                    + " b001 (a manual backup), a002 (a scheduled one) or r003 (a restore), as `paas pg:backups` lists them");
        }
        return new TransferName(Optional.ofNullable(m.group(1)).map(s -> s.charAt(0)), Integer.parseInt(m.group(2)));
    }

    /** Whether this names the transfer of that kind and number. */
    public boolean names(Transfer.Kind kind, int number) {
        return num == number && letter.map(l -> l == kind.letter()).orElse(true);
    }

    public static String format(Transfer.Kind kind, int num) {
        return kind.letter() + String.format("%03d", num);
    }
}
