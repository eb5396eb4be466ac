package io.linebus.cli.demo;

import io.linebus.handlers.BaseHandler;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import io.linebus.models.domain.AssetFaultEvent;
import io.linebus.models.domain.AssetState;
import io.linebus.models.domain.AssetStateChangedEvent;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The asset faults that are open (raised and not cleared yet), and each asset's last known state.
 * An asset's events share a partition key ({@code asset_id}), so they arrive in order. Thread-safe.
 */
public final class OpenFaultsHandler extends BaseHandler {
    public static final String NAME = "open-faults";

    private final ConcurrentHashMap<String, AssetFaultEvent> open = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AssetState> states = new ConcurrentHashMap<>();
    private final LongAdder raised = new LongAdder();
    private final LongAdder cleared = new LongAdder();

    public OpenFaultsHandler() {
        super(NAME);
    }

    @Override
    public List<EventType> eventTypes() {
        return List.of(EventType.ASSET_FAULT, EventType.ASSET_STATE_CHANGED);
    }

    @Override
    public Object handle(Event event) {
        if (event.eventType() == EventType.ASSET_FAULT) {
            AssetFaultEvent fault = AssetFaultEvent.fromMap(event.payload());
            String key = fault.assetId() + '\u0000' + fault.faultCode();
            if (fault.cleared()) {
                open.remove(key);
                cleared.increment();
            } else {
                open.put(key, fault);
                raised.increment();
            }
        } else {
            AssetStateChangedEvent change = AssetStateChangedEvent.fromMap(event.payload());
            states.put(change.assetId(), change.newState());
        }
        return null;
    }

    /** The open faults, by asset and fault code. */
    public List<AssetFaultEvent> openFaults() {
        return open.values().stream()
                .sorted(Comparator.comparing(AssetFaultEvent::assetId).thenComparing(AssetFaultEvent::faultCode))
                .toList();
    }

    /** Every asset's last reported state, by asset id. */
    public SortedMap<String, AssetState> states() {
        return new TreeMap<>(states);
    }

    public long raised() {
        return raised.sum();
    }

    public long cleared() {
        return cleared.sum();
    }
}
