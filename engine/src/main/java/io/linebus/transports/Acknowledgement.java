package io.linebus.transports;

/**
 * The outcome of one message published with {@link EventPublisher#publish(java.util.List, Acknowledgement)}:
 * exactly one of the two methods is called, once. A source settles with its broker from here (AMQP
 * disposition, MQTT PUBACK, Kafka offset), so neither method may block: it runs on a bus thread that
 * every later event waits for.
 */
public interface Acknowledgement {
    /**
     * The message's events are safe: journaled (and forced to disk when the journal syncs), or,
     * without a journal, finished by every handler that takes them (handled or dead-lettered).
     *
     * @param journalIndex the journal index of the message's last event, or {@code -1} without a journal
     */
    void safe(long journalIndex);

    /** The message was not taken, or not made safe; its broker should deliver it again. */
    void refused(Refusal refusal);
}
