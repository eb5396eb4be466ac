package io.linebus.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The CLI's log levels on top of {@code logback.xml}: WARN by default, INFO with {@code --verbose}.
 * Set once per command execution, so that commands run one after another in one JVM (the tests)
 * do not inherit each other's levels.
 */
final class Logging {
    private static final List<Logger> QUIETED = new ArrayList<>();
    private static volatile boolean verbose;

    private Logging() {
    }

    /** Sets the root level for the command about to run and undoes what {@link #quiet} did before. */
    static synchronized void configure(boolean verboseOutput) {
        verbose = verboseOutput;
        root().setLevel(verboseOutput ? Level.INFO : Level.WARN);
        for (Logger logger : QUIETED) {
            logger.setLevel(null);
        }
        QUIETED.clear();
    }

    static boolean isVerbose() {
        return verbose;
    }

    /**
     * Raises one logger's threshold for the current command unless {@code --verbose} was given: for
     * failures the command stages itself and reports in its own output.
     */
    static synchronized void quiet(Class<?> type, Level level) {
        if (verbose) {
            return;
        }
        Logger logger = (Logger) LoggerFactory.getLogger(type);
        logger.setLevel(level);
        QUIETED.add(logger);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
