package io.linebus.journal;

/** How fast a {@link Replay} hands out events. */
public enum ReplayPace {
    /** As fast as the consumer takes them. */
    MAX,
    /** Reproducing the gaps between the events' append times (scaled by the replay's speed factor). */
    RECORDED
}
