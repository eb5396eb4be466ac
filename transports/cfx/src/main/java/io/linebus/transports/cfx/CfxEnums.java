package io.linebus.transports.cfx;

import io.linebus.models.domain.AssetState;
import io.linebus.models.domain.SeverityLevel;
import io.linebus.models.domain.TestResult;
import io.linebus.models.domain.WorkCompletedEvent;
import java.util.Locale;
import java.util.Map;

/**
 * CFX enumeration values to domain enums. CFX values are matched ignoring case, as the CFX SDK's
 * JSON reader matches them.
 */
final class CfxEnums {
    /** The named states of pyWATS' state table. */
    private static final Map<String, AssetState> NAMED_STATES = Map.ofEntries(
            Map.entry("on", AssetState.ONLINE),
            Map.entry("off", AssetState.OFFLINE),
            Map.entry("standby", AssetState.IDLE),
            Map.entry("engineering", AssetState.IDLE),
            Map.entry("readyprocessing", AssetState.IDLE),
            Map.entry("starved", AssetState.IDLE),
            Map.entry("processing", AssetState.BUSY),
            Map.entry("processingexecutingrecipe", AssetState.BUSY),
            Map.entry("blocked", AssetState.BUSY),
            Map.entry("setup", AssetState.BUSY),
            Map.entry("teardown", AssetState.BUSY),
            Map.entry("maintenance", AssetState.MAINTENANCE),
            Map.entry("scheduledmaintenance", AssetState.MAINTENANCE),
            Map.entry("unscheduledmaintenance", AssetState.MAINTENANCE),
            Map.entry("machineerror", AssetState.ERROR));

    /** SEMI E10 {@code SDT_Setup}: scheduled downtime, but pyWATS' table counts setup as busy. */
    private static final long E10_SCHEDULED_SETUP = 4500;

    private CfxEnums() {
    }

    /** A unit's {@code OverallResult}: {@code Passed} is pass, every other value fail, as in pyWATS. */
    static TestResult overallResult(String cfx) {
        return "passed".equalsIgnoreCase(cfx) ? TestResult.PASS : TestResult.FAIL;
    }

    /**
     * A test's or a measurement's {@code Result}: {@code Failed}, {@code Aborted} and {@code Error}
     * keep their meaning (D27: Python maps a measurement's {@code Error} to pass); anything else
     * ({@code Passed}, {@code Terminated}, {@code Indeterminate}, absent) is pass, as in pyWATS.
     */
    static TestResult testResult(String cfx) {
        if (cfx == null) {
            return TestResult.PASS;
        }
        return switch (cfx.toLowerCase(Locale.ROOT)) {
            case "failed" -> TestResult.FAIL;
            case "aborted" -> TestResult.ABORTED;
            case "error" -> TestResult.ERROR;
            default -> TestResult.PASS;
        };
    }

    /** An inspection's {@code Result}: pass iff {@code Passed} (as pyWATS maps it). */
    static TestResult inspectionResult(String cfx) {
        return overallResult(cfx);
    }

    /**
     * {@code WorkCompleted.Result}: {@code Completed}, {@code Aborted} (D27: Python maps it to
     * failed), anything else failed.
     */
    static WorkCompletedEvent.Result workResult(String cfx) {
        if ("completed".equalsIgnoreCase(cfx)) {
            return WorkCompletedEvent.Result.COMPLETED;
        }
        return "aborted".equalsIgnoreCase(cfx) ? WorkCompletedEvent.Result.ABORTED : WorkCompletedEvent.Result.FAILED;
    }

    /**
     * {@code Fault.Severity}: {@code Information}, {@code Warning}, {@code Error}, and
     * {@code Alarm} (CFX: a safety-related error) as critical; absent or unknown is error.
     */
    static SeverityLevel severity(String cfx) {
        if (cfx == null) {
            return SeverityLevel.ERROR;
        }
        return switch (cfx.toLowerCase(Locale.ROOT)) {
            case "information" -> SeverityLevel.INFO;
            case "warning" -> SeverityLevel.WARNING;
            case "alarm" -> SeverityLevel.CRITICAL;
            default -> SeverityLevel.ERROR;
        };
    }

    /**
     * A CFX resource state as an {@link AssetState}, or null when it is not known. Accepted: the
     * SEMI E10 codes CFX sends (a number such as {@code 1100} or its text), the CFX names of those
     * codes ({@code PRD_RegularWork}) and the names of pyWATS' state table ({@code Processing}).
     *
     * <p>SEMI E10 classes: productive (1xxx) busy; standby (2xxx) and engineering (3xxx) idle, as
     * pyWATS maps {@code Standby} and {@code Engineering}; scheduled (4xxx) and unscheduled (5xxx)
     * downtime maintenance, except scheduled setup (4500) busy, as pyWATS maps {@code Setup};
     * non-scheduled time (6xxx) offline, as pyWATS maps {@code Off}.
     */
    static AssetState assetState(Object cfx) {
        if (cfx instanceof Long code) {
            return e10State(code);
        }
        if (cfx instanceof Double real && real == Math.rint(real)) {
            return e10State(real.longValue());
        }
        if (!(cfx instanceof String text) || text.isBlank()) {
            return null;
        }
        String name = text.trim();
        if (name.chars().allMatch(Character::isDigit) && name.length() <= 9) {
            return e10State(Long.parseLong(name));
        }
        AssetState named = NAMED_STATES.get(name.toLowerCase(Locale.ROOT));
        return named != null ? named : e10NamedState(name.toUpperCase(Locale.ROOT));
    }

    private static AssetState e10State(long code) {
        if (code == E10_SCHEDULED_SETUP) {
            return AssetState.BUSY;
        }
        if (code < 1000 || code >= 7000) {
            return null;
        }
        return switch ((int) (code / 1000)) {
            case 1 -> AssetState.BUSY;
            case 2, 3 -> AssetState.IDLE;
            case 4, 5 -> AssetState.MAINTENANCE;
            default -> AssetState.OFFLINE;
        };
    }

    private static AssetState e10NamedState(String upperName) {
        if (upperName.equals("SDT_SETUP")) {
            return AssetState.BUSY;
        }
        int underscore = upperName.indexOf('_');
        return switch (underscore < 0 ? upperName : upperName.substring(0, underscore)) {
            case "PRD" -> AssetState.BUSY;
            case "SBY", "ENG" -> AssetState.IDLE;
            case "SDT", "USD" -> AssetState.MAINTENANCE;
            case "NST" -> AssetState.OFFLINE;
            default -> null;
        };
    }

    /**
     * {@code InspectionMethod} in the vocabulary of {@code InspectionResultEvent.inspectionType}
     * (aoi, visual, xray, spi): AOI, SPI, AXI/XRay and Human/Visual map to those; another method is
     * kept in lower case; none is the default {@code "aoi"}.
     */
    static String inspectionType(String method) {
        if (method == null || method.isBlank()) {
            return "aoi";
        }
        String lower = method.trim().toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "axi", "xray", "x-ray" -> "xray";
            case "human", "visual", "manual" -> "visual";
            default -> lower;
        };
    }
}
