package paas.api.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.Logger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OneLineMessageTest {
    @Test
    void argumentsFromOutsideCannotStartANewLine() {
        LoggerContext context = new LoggerContext();
        LoggingEvent event = new LoggingEvent("paasd", context.getLogger("paasd"), Level.INFO,
                "method=GET path={} status=401", null, new Object[] {"/apps/x\n2026-01-01 INFO forged\r\u001b[2J"});
        assertThat(new OneLineMessage().convert(event))
                .isEqualTo("method=GET path=/apps/x\\x0a2026-01-01 INFO forged\\x0d\\x1b[2J status=401");
    }

    @Test
    void paasdsLogConfigurationUsesIt() throws Exception {
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(OneLineMessage.class.getResource("/logback.xml"));
        var appender = (ConsoleAppender<ILoggingEvent>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
        var layout = ((PatternLayoutEncoder) appender.getEncoder()).getLayout();
        LoggingEvent event = new LoggingEvent("paasd", context.getLogger("paasd"), Level.INFO,
                "path={}", null, new Object[] {"/a\nINFO forged"});
        String line = layout.doLayout(event);
        assertThat(line).endsWith("INFO  paasd: path=/a\\x0aINFO forged" + System.lineSeparator());
        assertThat(line.strip()).doesNotContain("\n");
        context.stop();
    }
}
