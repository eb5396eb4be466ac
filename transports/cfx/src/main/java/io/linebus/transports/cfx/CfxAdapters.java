package io.linebus.transports.cfx;

import io.linebus.models.Event;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IPC-CFX messages to linebus events: pure functions of the message, mapped as pyWATS'
 * {@code pywats_cfx} adapters map them, with their defects fixed (D27: two adapters that always
 * throw, inspections sent as test results, wrong result and station mappings, CFX times replaced by
 * processing time). Immutable and safe for concurrent use.
 *
 * <table>
 * <caption>Mapped messages (both the CFX SDK's names and pyWATS' names, see {@link CfxMessageNames})</caption>
 * <tr><th>CFX message</th><th>event type</th><th>payload</th><th>events</th></tr>
 * <tr><td>UnitsTested</td><td>TEST_RESULT</td><td>TestResultEvent</td><td>one per tested unit</td></tr>
 * <tr><td>UnitsInspected</td><td>INSPECTION_RESULT</td><td>InspectionResultEvent</td><td>one per inspected unit</td></tr>
 * <tr><td>MaterialsInstalled</td><td>MATERIAL_INSTALLED</td><td>MaterialInstalledEvent</td><td>one per installed material</td></tr>
 * <tr><td>WorkStarted</td><td>WORK_STARTED</td><td>WorkStartedEvent</td><td>one per unit (one without units)</td></tr>
 * <tr><td>WorkCompleted</td><td>WORK_COMPLETED</td><td>WorkCompletedEvent</td><td>one per unit (one without units)</td></tr>
 * <tr><td>UnitsDisqualified</td><td>UNIT_DISQUALIFIED</td><td>UnitDisqualifiedEvent</td><td>one per unit</td></tr>
 * <tr><td>FaultOccurred</td><td>ASSET_FAULT</td><td>AssetFaultEvent</td><td>one</td></tr>
 * <tr><td>FaultCleared</td><td>ASSET_FAULT</td><td>AssetFaultEvent, cleared</td><td>one</td></tr>
 * <tr><td>StationStateChanged</td><td>ASSET_STATE_CHANGED</td><td>AssetStateChangedEvent</td><td>one</td></tr>
 * <tr><td>any other</td><td>CUSTOM</td><td>the raw body</td><td>one</td></tr>
 * </table>
 *
 * <p>Every event's payload is the domain record's {@code toMap()}, so
 * {@code TestResultEvent.fromMap(event.payload())} reads it back. Metadata: source
 * {@code "cfx:" + sender}, where the sender is the envelope's {@code Source} (the CFX handle of
 * the sending endpoint) or, without one, the configured endpoint name; source topic the message
 * name; correlation id the message's {@code TransactionId}/{@code TransactionID} (for faults and
 * state changes the {@code FaultOccurrenceId}), else the envelope's {@code RequestID}; timestamp
 * the envelope's {@code TimeStamp} (at microsecond precision), else the processing time; one new
 * trace id shared by the events of one message; {@code custom} holds {@code cfx_message_name}
 * and, when the envelope has one, {@code cfx_unique_id}.
 *
 * <p>Station and asset: {@code station_id} of tests, inspections and production events and
 * {@code asset_id} of faults and state changes are the sender, as CFX identifies the reporting
 * station by the envelope's {@code Source} (D27: Python writes {@code ""} or the adapter's endpoint
 * name). CFX times (test and inspection times, {@code OccurredAt}, {@code InstallationTime}, the
 * message time for work start and end) are kept (D27: Python replaces them by the processing time);
 * only a bare body without any time gets the processing time.
 */
public final class CfxAdapters {
    /** The endpoint name used when none is configured (as Python's adapters). */
    public static final String DEFAULT_ENDPOINT_NAME = "cfx";

    private static final Logger LOG = LoggerFactory.getLogger(CfxAdapters.class);

    private static final Map<String, Function<CfxContext, List<Event>>> MAPPINGS = Map.ofEntries(
            Map.entry(CfxMessageNames.UNITS_TESTED, TestAndInspectionMappings::unitsTested),
            Map.entry(CfxMessageNames.UNITS_TESTED_PYWATS, TestAndInspectionMappings::unitsTested),
            Map.entry(CfxMessageNames.UNITS_INSPECTED, TestAndInspectionMappings::unitsInspected),
            Map.entry(CfxMessageNames.UNITS_INSPECTED_PYWATS, TestAndInspectionMappings::unitsInspected),
            Map.entry(CfxMessageNames.MATERIALS_INSTALLED, ProductionMappings::materialsInstalled),
            Map.entry(CfxMessageNames.WORK_STARTED, ProductionMappings::workStarted),
            Map.entry(CfxMessageNames.WORK_COMPLETED, ProductionMappings::workCompleted),
            Map.entry(CfxMessageNames.UNITS_DISQUALIFIED, ProductionMappings::unitsDisqualified),
            Map.entry(CfxMessageNames.FAULT_OCCURRED, ResourceMappings::faultOccurred),
            Map.entry(CfxMessageNames.FAULT_CLEARED, ResourceMappings::faultCleared),
            Map.entry(CfxMessageNames.STATION_STATE_CHANGED, ResourceMappings::stationStateChanged));

    private final String endpointName;
    private final Clock clock;

    /** Adapters with the endpoint name {@value #DEFAULT_ENDPOINT_NAME}. */
    public CfxAdapters() {
        this(DEFAULT_ENDPOINT_NAME);
    }

    /**
     * Adapters for messages received by {@code endpointName}, the sender's name when a message
     * has no envelope {@code Source}.
     *
     * @throws NullPointerException for a null name
     * @throws IllegalArgumentException for a blank name
     */
    public CfxAdapters(String endpointName) {
        this(endpointName, Clock.systemUTC());
    }

    /**
     * As {@link #CfxAdapters(String)}, with the clock that gives the processing time of messages
     * without a time of their own.
     *
     * @throws NullPointerException for a null argument
     * @throws IllegalArgumentException for a blank name
     */
    public CfxAdapters(String endpointName, Clock clock) {
        Objects.requireNonNull(endpointName, "endpointName");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (endpointName.isBlank()) {
            throw new IllegalArgumentException("endpointName must not be blank");
        }
        this.endpointName = endpointName;
    }

    public String endpointName() {
        return endpointName;
    }

    /** Whether {@code messageName} has a mapping (other messages become {@code CUSTOM} events). */
    public static boolean isMapped(String messageName) {
        return messageName != null && MAPPINGS.containsKey(messageName);
    }

    /**
     * The events of {@code message}, in message order (see the class description). A message
     * without a mapping is never dropped: it becomes one {@code CUSTOM} event with the raw body.
     * A mapped message whose units list is empty gives no events.
     *
     * @throws NullPointerException for a null message
     * @throws IllegalArgumentException when the body of a mapped message is malformed (a required
     *     field missing, a value of the wrong type, an unparseable time), naming the message and
     *     the field's path
     */
    public List<Event> toEvents(CfxMessage message) {
        Objects.requireNonNull(message, "message");
        CfxContext context = new CfxContext(message, endpointName, clock);
        Function<CfxContext, List<Event>> mapping = MAPPINGS.get(message.messageName());
        if (mapping == null) {
            LOG.debug("No mapping for CFX message {}; publishing it as a custom event", message.messageName());
            return List.of(context.customEvent());
        }
        return List.copyOf(mapping.apply(context));
    }
}
