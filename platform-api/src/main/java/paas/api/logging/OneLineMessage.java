package paas.api.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import paas.vocabulary.Quote;

/**
 * The {@code %msg} of paasd's log: the message with every control character shown as
 * {@code \xNN}. A value from outside (a request path with {@code %0a}, a git URI, an app's
 * output) can then neither split one event into two lines, forging the second, nor reach an
 * operator's terminal as an escape sequence. Registered in logback.xml, so it holds for every
 * logger, the libraries' included.
 */
public final class OneLineMessage extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return Quote.controls(event.getFormattedMessage());
    }
}
