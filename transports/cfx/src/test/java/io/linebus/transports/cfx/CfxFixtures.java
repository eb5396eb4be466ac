package io.linebus.transports.cfx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import io.linebus.models.Event;
import io.linebus.models.EventJson;
import io.linebus.models.domain.DomainEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.function.Function;

/**
 * The shared CFX sample messages in {@code shared/fixtures/cfx} (read in place, never copied),
 * and the assertions every mapped event must pass.
 */
final class CfxFixtures {
    static final String UNITS_TESTED = "UnitsTested-ICT-panel.body.json";
    static final String FAULT_OCCURRED = "FaultOccurred.body.json";
    static final String STATION_STATE_CHANGED = "StationStateChanged-with-fault.body.json";
    static final String WORK_STARTED = "WorkStarted.body.json";
    static final String UNITS_DISQUALIFIED = "UnitsDisqualified.body.json";
    static final String ENVELOPE_ENDPOINT_CONNECTED = "envelope-EndpointConnected.json";

    /** Envelope values the tests wrap the bare fixture bodies in. */
    static final String SOURCE = "ICT.Line1.Station7";
    static final String TIME_STAMP = "2026-01-26T08:30:00.1234567-05:00";
    /** {@link #TIME_STAMP} at the microsecond precision events keep. */
    static final OffsetDateTime MESSAGE_TIME = OffsetDateTime.parse("2026-01-26T08:30:00.123456-05:00");
    static final String UNIQUE_ID = "6b1f3a52-8f0e-4d39-9a1c-2f6d3b8e7c10";
    static final String REQUEST_ID = "req-42";

    /**
     * The spec'd location is {@code ../../../shared/fixtures/cfx} from the module directory (the
     * main checkout, {@code /work/main/transports/cfx}); helper worktrees sit one level deeper, so
     * the nearest ancestor's {@code shared/fixtures/cfx} is the fallback.
     */
    static final Path DIRECTORY = locate();

    private CfxFixtures() {
    }

    private static Path locate() {
        Path module = Path.of("").toAbsolutePath();
        Path specified = module.resolve("../../../shared/fixtures/cfx").normalize();
        if (Files.isDirectory(specified)) {
            return specified;
        }
        for (Path dir = module; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/fixtures/cfx");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return specified;
    }

    /**
     * @throws org.opentest4j.TestAbortedException (the test is skipped, saying why) when the shared
     *     fixtures are not there at all, as in a clone without {@code ../shared}
     */
    static String text(String file) {
        if (!Files.isDirectory(DIRECTORY)) {
            abort("The shared CFX fixtures are not beside this clone (" + DIRECTORY + "): this test reads "
                    + file + " from them, so it is skipped");
        }
        Path path = DIRECTORY.resolve(file);
        if (!Files.isRegularFile(path)) {
            fail("CFX fixture " + path + " is missing: the tests read the shared fixtures from"
                    + " ../../../shared/fixtures/cfx relative to the module directory (transports/cfx)"
                    + " or the nearest ancestor's shared/fixtures/cfx");
        }
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> body(String file) {
        return EventJson.parseObject(text(file));
    }

    /** The fixture body as a bare message (no envelope fields). */
    static CfxMessage bare(String messageName, String file) {
        return CfxMessage.of(messageName, body(file));
    }

    /** The fixture body in an envelope from {@link #SOURCE} at {@link #TIME_STAMP}. */
    static CfxMessage enveloped(String messageName, String file) {
        return CfxMessage.parse(envelope(messageName, text(file)));
    }

    static String envelope(String messageName, String bodyJson) {
        return "{\"MessageName\":\"" + messageName + "\",\"Version\":\"2.1\",\"TimeStamp\":\"" + TIME_STAMP
                + "\",\"UniqueID\":\"" + UNIQUE_ID + "\",\"Source\":\"" + SOURCE
                + "\",\"Target\":null,\"RequestID\":\"" + REQUEST_ID + "\",\"MessageBody\":" + bodyJson + "}";
    }

    /**
     * The event survives JSON ({@code EventJson.toJson/fromJson}) unchanged, and its payload reads
     * back into the domain record whose map form is the payload again.
     */
    static void assertRoundTrips(Event event, Function<Map<String, ?>, ? extends DomainEvent> fromMap) {
        assertThat(EventJson.fromJson(EventJson.toJson(event))).isEqualTo(event);
        assertThat(fromMap.apply(event.payload()).toMap()).isEqualTo(event.payload());
    }
}
