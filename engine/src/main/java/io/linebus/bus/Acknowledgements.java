package io.linebus.bus;

import io.linebus.transports.Acknowledgement;
import io.linebus.transports.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a bus tells a source's {@link Acknowledgement}: on whichever bus thread settles the message,
 * so what the callback throws is contained (logged; the bus goes on), and the one way each refusal
 * reads.
 */
final class Acknowledgements {
    private static final Logger LOG = LoggerFactory.getLogger(Acknowledgements.class);

    private Acknowledgements() {
    }

    static void tellSafe(String busName, Acknowledgement acknowledgement, long journalIndex) {
        try {
            acknowledgement.safe(journalIndex);
        } catch (Throwable error) {
            contain(busName, error);
        }
    }

    static void tellRefused(String busName, Acknowledgement acknowledgement, Refusal refusal) {
        try {
            acknowledgement.refused(refusal);
        } catch (Throwable error) {
            contain(busName, error);
        }
    }

    /** The bus is stopping or stopped: {@code what} says how it met the message. */
    static Refusal stopping(String busName, String what) {
        return new Refusal(Refusal.Reason.BUS_STOPPING, "Bus '" + busName + "' " + what, null);
    }

    private static void contain(String busName, Throwable error) {
        Failures.rethrowIfFatal(error);
        LOG.warn("Bus {}: an acknowledgement callback threw; the bus goes on", busName, error);
    }
}
