package io.linebus.cli;

/**
 * How fast the demo publishes: a fixed number of events per second, or as fast as the bus takes them.
 *
 * @param eventsPerSecond positive; infinite for {@link #MAX}
 */
record Rate(double eventsPerSecond) {
    static final Rate MAX = new Rate(Double.POSITIVE_INFINITY);

    boolean isMax() {
        return Double.isInfinite(eventsPerSecond);
    }

    @Override
    public String toString() {
        return isMax() ? "max" : Format.count(Math.round(eventsPerSecond)) + " events/s";
    }
}
