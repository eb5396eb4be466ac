package io.linebus.bus;

import io.linebus.models.Event;
import io.linebus.policies.ErrorPolicy;
import io.linebus.policies.RetryPolicy;
import io.linebus.telemetry.EventMetrics;
import java.util.Objects;
import java.util.function.Function;

/**
 * The settings both buses' builders share; each builder adds its own.
 *
 * @param <B> the concrete builder, returned by every setter
 */
abstract class BusBuilder<B extends BusBuilder<B>> {
    String name;
    Function<Event, ?> partitionKey = PartitionKeys.byUnit();
    RetryPolicy retryPolicy;
    ErrorPolicy errorPolicy;
    EventMetrics metrics;

    BusBuilder(String defaultName) {
        this.name = defaultName;
    }

    abstract B self();

    public B name(String value) {
        Objects.requireNonNull(value, "name");
        if (value.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        name = value;
        return self();
    }

    /** What events are ordered by (default {@link PartitionKeys#byUnit()}): equal keys keep their order. */
    public B partitionKey(Function<Event, ?> value) {
        partitionKey = Objects.requireNonNull(value, "partitionKey");
        return self();
    }

    /** Null: failed handlers are not retried. */
    public B retryPolicy(RetryPolicy value) {
        retryPolicy = value;
        return self();
    }

    /** Null: a default policy with an in-memory dead letter queue. */
    public B errorPolicy(ErrorPolicy value) {
        errorPolicy = value;
        return self();
    }

    /** Null: the bus makes its own. */
    public B metrics(EventMetrics value) {
        metrics = value;
        return self();
    }
}
