package io.linebus.bus;

import io.linebus.models.Event;
import java.util.Map;
import java.util.function.Function;

/**
 * Partition keys: events with equal keys are handled by one dispatch shard, in publish order.
 */
public final class PartitionKeys {
    private PartitionKeys() {
    }

    /**
     * The default key: the payload's {@code unit_id}, else {@code asset_id}, else
     * {@code work_order_id}, else the event id (which spreads unrelated events evenly).
     */
    public static Function<Event, Object> byUnit() {
        return PartitionKeys::unitKey;
    }

    private static Object unitKey(Event event) {
        Map<String, Object> payload = event.payload();
        Object key = payload.get("unit_id");
        if (key == null) {
            key = payload.get("asset_id");
            if (key == null) {
                key = payload.get("work_order_id");
                if (key == null) {
                    key = event.id();
                }
            }
        }
        return key;
    }

    /** The shard, in {@code [0, shards)}, for a key. */
    static int shardOf(Object key, int shards) {
        if (shards == 1) {
            return 0;
        }
        int h = key == null ? 0 : key.hashCode();
        h ^= h >>> 16;
        return (h & 0x7FFF_FFFF) % shards;
    }
}
