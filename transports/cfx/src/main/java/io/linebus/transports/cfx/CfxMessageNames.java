package io.linebus.transports.cfx;

/**
 * Names of the IPC-CFX messages that {@link CfxAdapters} maps to domain events.
 *
 * <p>The IPC-CFX SDK's names come first; the {@code *_PYWATS} constants are the names pyWATS'
 * adapters use for the same messages, which differ in their namespace. Both are mapped.
 * Every other message name is published as a {@link io.linebus.models.EventType#CUSTOM} event.
 */
public final class CfxMessageNames {
    /** Test results of one or more units ({@code TEST_RESULT}). */
    public static final String UNITS_TESTED = "CFX.Production.TestAndInspection.UnitsTested";
    /** pyWATS' name for {@link #UNITS_TESTED}. */
    public static final String UNITS_TESTED_PYWATS = "CFX.Production.Testing.UnitsTested";
    /** Inspection results of one or more units ({@code INSPECTION_RESULT}). */
    public static final String UNITS_INSPECTED = "CFX.Production.TestAndInspection.UnitsInspected";
    /** pyWATS' name for {@link #UNITS_INSPECTED}. */
    public static final String UNITS_INSPECTED_PYWATS = "CFX.Production.Assembly.UnitsInspected";
    /** Components installed on units ({@code MATERIAL_INSTALLED}). */
    public static final String MATERIALS_INSTALLED = "CFX.Production.Assembly.MaterialsInstalled";
    /** Work on units started at a station ({@code WORK_STARTED}). */
    public static final String WORK_STARTED = "CFX.Production.WorkStarted";
    /** Work on units finished at a station ({@code WORK_COMPLETED}). */
    public static final String WORK_COMPLETED = "CFX.Production.WorkCompleted";
    /** Units removed from production ({@code UNIT_DISQUALIFIED}). */
    public static final String UNITS_DISQUALIFIED = "CFX.Production.UnitsDisqualified";
    /** An equipment fault ({@code ASSET_FAULT}). */
    public static final String FAULT_OCCURRED = "CFX.ResourcePerformance.FaultOccurred";
    /** An equipment fault was cleared ({@code ASSET_FAULT} with {@code cleared = true}). */
    public static final String FAULT_CLEARED = "CFX.ResourcePerformance.FaultCleared";
    /** A station changed its SEMI E10 state ({@code ASSET_STATE_CHANGED}). */
    public static final String STATION_STATE_CHANGED = "CFX.ResourcePerformance.StationStateChanged";
    /** An endpoint joined the network; not mapped (a {@code CUSTOM} event). */
    public static final String ENDPOINT_CONNECTED = "CFX.EndpointConnected";

    private CfxMessageNames() {
    }
}
