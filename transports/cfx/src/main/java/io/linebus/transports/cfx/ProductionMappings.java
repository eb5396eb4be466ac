package io.linebus.transports.cfx;

import io.linebus.models.Event;
import io.linebus.models.domain.InstalledComponent;
import io.linebus.models.domain.MaterialInstalledEvent;
import io.linebus.models.domain.UnitDisqualifiedEvent;
import io.linebus.models.domain.WorkCompletedEvent;
import io.linebus.models.domain.WorkStartedEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code MaterialsInstalled}, {@code WorkStarted}, {@code WorkCompleted} and
 * {@code UnitsDisqualified}: one event per unit, in message order. The station is the sender
 * (D27: Python writes {@code ""}) and the time is the message's (D27: Python uses processing time).
 */
final class ProductionMappings {
    private ProductionMappings() {
    }

    /** {@code MaterialsInstalled} → {@code MATERIAL_INSTALLED}, one event per installed material. */
    static List<Event> materialsInstalled(CfxContext context) {
        CfxBody body = context.body();
        String transactionId = body.string("TransactionId");
        List<Event> events = new ArrayList<>();
        for (CfxBody installed : body.requiredObjects("InstalledMaterials")) {
            CfxBody material = installed.object("Material");
            List<InstalledComponent> components = new ArrayList<>();
            for (CfxBody component : installed.objects("InstalledComponents")) {
                components.add(component(component, material));
            }
            Map<String, Object> custom = new LinkedHashMap<>();
            custom.put("cfx_transaction_id", transactionId);
            custom.put("unit_position", installed.whole("UnitPositionNumber"));
            custom.put("quantity_installed", installed.number("QuantityInstalled"));
            custom.put("material_id", material == null ? null : material.string("UniqueIdentifier"));
            MaterialInstalledEvent event = MaterialInstalledEvent.builder(installed.requiredString("UnitIdentifier"))
                    .components(components)
                    .stationId(context.sender())
                    .timestamp(context.messageTime())
                    .customData(custom)
                    .build();
            events.add(context.event(event, transactionId));
        }
        return events;
    }

    /**
     * A component: the reference designator ({@code ""} when there is none); the part number from
     * the component's {@code InternalPartNumber}, else its {@code PartNumber}, else the installed
     * material package's {@code InternalPartNumber} (where the CFX SDK puts it); the serial number;
     * the lot from {@code LotCode}, else {@code ManufacturerLotCode}; the CFX
     * {@code InstallationTime}.
     */
    private static InstalledComponent component(CfxBody component, CfxBody material) {
        return InstalledComponent.builder(CfxValues.orEmpty(component.string("ReferenceDesignator")))
                .partNumber(CfxValues.firstNonEmpty(component.string("InternalPartNumber"),
                        component.string("PartNumber"),
                        material == null ? null : material.string("InternalPartNumber")))
                .serialNumber(component.string("ComponentSerialNumber"))
                .lotNumber(CfxValues.firstNonEmpty(component.string("LotCode"), component.string("ManufacturerLotCode")))
                .installedTime(component.time("InstallationTime"))
                .build();
    }

    /** {@code WorkStarted} → {@code WORK_STARTED}, one event per unit. */
    static List<Event> workStarted(CfxContext context) {
        CfxBody body = context.body();
        String transactionId = body.string("TransactionID");
        Integer lane = body.integer("Lane");
        String primaryIdentifier = body.string("PrimaryIdentifier");
        WorkOrder workOrder = WorkOrder.of(body);
        List<Event> events = new ArrayList<>();
        for (CfxBody unit : unitsOrWhole(body)) {
            Map<String, Object> custom = new LinkedHashMap<>();
            custom.put("cfx_transaction_id", transactionId);
            custom.put("position_number", unit == null ? null : unit.whole("PositionNumber"));
            custom.put("position_name", unit == null ? null : unit.string("PositionName"));
            custom.put("serial_number", unit == null ? null : unit.string("UnitIdentifier"));
            custom.put("stage", body.value("Stage"));
            custom.put("primary_identifier", primaryIdentifier);
            custom.put("recipe_name", body.string("RecipeName"));
            custom.put("recipe_revision", body.string("Revision"));
            custom.put("batch", workOrder.batch());
            custom.put("unit_status", unit == null ? null : unit.string("Status"));
            WorkStartedEvent event = WorkStartedEvent.builder(unitId(unit, primaryIdentifier), context.sender())
                    .workOrderId(workOrder.id())
                    .timestamp(context.messageTime())
                    .lane(lane)
                    .customData(custom)
                    .build();
            events.add(context.event(event, transactionId));
        }
        return events;
    }

    /**
     * {@code WorkCompleted} → {@code WORK_COMPLETED}, one event per unit;
     * {@code Aborted} is aborted (D27: Python maps it to failed), the end is the message time
     * (D27: Python uses the processing time).
     */
    static List<Event> workCompleted(CfxContext context) {
        CfxBody body = context.body();
        String transactionId = body.string("TransactionID");
        String cfxResult = body.string("Result");
        String primaryIdentifier = body.string("PrimaryIdentifier");
        WorkOrder workOrder = WorkOrder.of(body);
        List<Event> events = new ArrayList<>();
        for (CfxBody unit : unitsOrWhole(body)) {
            Map<String, Object> custom = new LinkedHashMap<>();
            custom.put("cfx_transaction_id", transactionId);
            custom.put("cfx_result", cfxResult);
            custom.put("position_number", unit == null ? null : unit.whole("PositionNumber"));
            custom.put("serial_number", unit == null ? null : unit.string("UnitIdentifier"));
            custom.put("lane", body.value("Lane"));
            custom.put("stage", body.value("Stage"));
            custom.put("primary_identifier", primaryIdentifier);
            custom.put("batch", workOrder.batch());
            WorkCompletedEvent event = WorkCompletedEvent.builder(unitId(unit, primaryIdentifier), context.sender())
                    .result(CfxEnums.workResult(cfxResult))
                    .workOrderId(workOrder.id())
                    .endTime(context.messageTime())
                    .customData(custom)
                    .build();
            events.add(context.event(event, transactionId));
        }
        return events;
    }

    /**
     * The units of a work message; a message without units (the CFX SDK's short form of
     * {@code WorkCompleted} has only {@code TransactionID} and {@code Result}) still reports the
     * work, as one event for the whole (a null entry).
     */
    private static List<CfxBody> unitsOrWhole(CfxBody body) {
        List<CfxBody> units = body.objects("Units");
        return units.isEmpty() ? Arrays.asList((CfxBody) null) : units;
    }

    /**
     * The unit's identifier; else {@code "Position-<PositionNumber>"} (as pyWATS does); else the
     * message's {@code PrimaryIdentifier}; else {@code ""}.
     */
    private static String unitId(CfxBody unit, String primaryIdentifier) {
        if (unit != null) {
            String id = unit.string("UnitIdentifier");
            if (!CfxContext.isEmpty(id)) {
                return id;
            }
            Long position = unit.whole("PositionNumber");
            if (position != null) {
                return "Position-" + position;
            }
        }
        return CfxValues.orEmpty(primaryIdentifier);
    }

    /** The work order from {@code WorkOrderIdentifier}: an object, or the id as text. */
    private record WorkOrder(String id, String batch) {
        static WorkOrder of(CfxBody body) {
            if (body.value("WorkOrderIdentifier") instanceof String id) {
                return new WorkOrder(id, null);
            }
            CfxBody workOrder = body.object("WorkOrderIdentifier");
            return workOrder == null ? new WorkOrder(null, null)
                    : new WorkOrder(workOrder.string("WorkOrderId"), workOrder.string("Batch"));
        }
    }

    /**
     * {@code UnitsDisqualified} → {@code UNIT_DISQUALIFIED} with {@code UnitDisqualifiedEvent}
     * payloads, one per unit: the mapping pyWATS intended but which always throws there (D27: the
     * CFX adapters' defects fixed).
     */
    static List<Event> unitsDisqualified(CfxContext context) {
        CfxBody body = context.body();
        String transactionId = body.string("TransactionId");
        String reason = body.string("Reason");
        List<Event> events = new ArrayList<>();
        for (CfxBody unit : body.requiredObjects("Units")) {
            Map<String, Object> custom = new LinkedHashMap<>();
            custom.put("cfx_transaction_id", transactionId);
            custom.put("lane", body.value("Lane"));
            custom.put("stage", body.value("Stage"));
            custom.put("comments", body.string("Comments"));
            custom.put("position_number", unit.whole("PositionNumber"));
            custom.put("position_name", unit.string("PositionName"));
            UnitDisqualifiedEvent event = UnitDisqualifiedEvent.builder(
                            CfxValues.orEmpty(unit.string("UnitIdentifier")),
                            CfxValues.firstNonEmpty(reason, unit.string("Reason"), "Unknown"))
                    .stationId(context.sender())
                    .timestamp(context.messageTime())
                    .customData(custom)
                    .build();
            events.add(context.event(event, transactionId));
        }
        return events;
    }
}
