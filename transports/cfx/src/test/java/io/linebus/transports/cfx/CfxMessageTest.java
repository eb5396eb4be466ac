package io.linebus.transports.cfx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CfxMessageTest {

    @Test
    void parsesTheEnvelopeFixture() {
        CfxMessage message = CfxMessage.parse(CfxFixtures.text(CfxFixtures.ENVELOPE_ENDPOINT_CONNECTED));

        assertThat(message.messageName()).isEqualTo("CFX.EndpointConnected");
        assertThat(message.version()).isEqualTo("1.7");
        // All seven fraction digits and the offset are kept.
        assertThat(message.timestamp()).isEqualTo(OffsetDateTime.of(2018, 3, 26, 16, 52, 25, 376_953_200,
                ZoneOffset.ofHours(-4)));
        assertThat(message.uniqueId()).isEqualTo("f3b2c8ec-50b7-4c63-9cb3-2ed57c01880f");
        assertThat(message.source()).isNull();
        assertThat(message.target()).isNull();
        assertThat(message.requestId()).isNull();
        assertThat(message.body()).containsExactly(
                Map.entry("CFXHandle", "SMTPlus.Model_21232.SN23123"),
                Map.entry("RequestNetworkUri", "amqp://host33/"),
                Map.entry("RequestTargetAddress", "/queue/SN23123"));
    }

    @Test
    void parsesEveryEnvelopeField() {
        CfxMessage message = CfxFixtures.enveloped(CfxMessageNames.WORK_STARTED, CfxFixtures.WORK_STARTED);

        assertThat(message.messageName()).isEqualTo(CfxMessageNames.WORK_STARTED);
        assertThat(message.version()).isEqualTo("2.1");
        assertThat(message.timestamp()).isEqualTo(OffsetDateTime.of(2026, 1, 26, 8, 30, 0, 123_456_700,
                ZoneOffset.ofHours(-5)));
        assertThat(message.uniqueId()).isEqualTo(CfxFixtures.UNIQUE_ID);
        assertThat(message.source()).isEqualTo(CfxFixtures.SOURCE);
        assertThat(message.target()).isNull();
        assertThat(message.requestId()).isEqualTo(CfxFixtures.REQUEST_ID);
        assertThat(message.body()).isEqualTo(CfxFixtures.body(CfxFixtures.WORK_STARTED));
    }

    @Test
    void dropsTheTypeMemberOfTheBody() {
        String json = "{\"MessageName\":\"CFX.ResourcePerformance.FaultCleared\",\"MessageBody\":"
                + "{\"$type\":\"CFX.ResourcePerformance.FaultCleared, CFX\",\"FaultOccurrenceId\":\"abc\"}}";

        CfxMessage message = CfxMessage.parse(json);

        assertThat(message.body()).containsExactly(Map.entry("FaultOccurrenceId", "abc"));
        assertThat(message.timestamp()).isNull();
        assertThat(message.uniqueId()).isNull();
    }

    @Test
    void matchesEnvelopeMembersIgnoringCase() {
        CfxMessage message = CfxMessage.parse("{\"messageName\":\"CFX.X\",\"timestamp\":\"2026-01-26T08:30:00Z\","
                + "\"source\":\"a.b.c\",\"requestID\":\"r1\",\"messageBody\":{}}");

        assertThat(message.messageName()).isEqualTo("CFX.X");
        assertThat(message.timestamp()).isEqualTo(OffsetDateTime.of(2026, 1, 26, 8, 30, 0, 0, ZoneOffset.UTC));
        assertThat(message.source()).isEqualTo("a.b.c");
        assertThat(message.requestId()).isEqualTo("r1");
        assertThat(message.body()).isEmpty();
    }

    @Test
    void takesATimeWithoutOffsetAsUtc() {
        CfxMessage message = CfxMessage.parse("{\"MessageName\":\"CFX.X\",\"TimeStamp\":\"2026-01-26T08:30:00.5\","
                + "\"MessageBody\":{}}");

        assertThat(message.timestamp()).isEqualTo(OffsetDateTime.of(2026, 1, 26, 8, 30, 0, 500_000_000,
                ZoneOffset.UTC));
    }

    @Test
    void bareBodyHasNoEnvelopeFields() {
        CfxMessage message = CfxMessage.of(CfxMessageNames.FAULT_CLEARED, Map.of("FaultOccurrenceId", "abc",
                "Count", 3));

        assertThat(message.messageName()).isEqualTo(CfxMessageNames.FAULT_CLEARED);
        assertThat(message.version()).isNull();
        assertThat(message.timestamp()).isNull();
        assertThat(message.uniqueId()).isNull();
        assertThat(message.source()).isNull();
        assertThat(message.target()).isNull();
        assertThat(message.requestId()).isNull();
        // Integer becomes Long: the payload value model.
        assertThat(message.body()).containsEntry("Count", 3L).containsEntry("FaultOccurrenceId", "abc");
    }

    @Test
    void bodyIsADeepUnmodifiableCopy() {
        Map<String, Object> unit = new LinkedHashMap<>(Map.of("UnitIdentifier", "U1"));
        Map<String, Object> body = new LinkedHashMap<>(Map.of("Units", new java.util.ArrayList<>(List.of(unit))));
        CfxMessage message = CfxMessage.of(CfxMessageNames.WORK_STARTED, body);

        unit.put("UnitIdentifier", "changed");
        body.clear();

        assertThat(message.body()).isEqualTo(Map.of("Units", List.of(Map.of("UnitIdentifier", "U1"))));
        assertThatThrownBy(() -> message.body().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"MessageName\":", "[1,2]", "", "{\"MessageName\":\"CFX.X\",\"MessageBody\":{}} x"})
    void rejectsMalformedJson(String json) {
        assertThatIllegalArgumentException().isThrownBy(() -> CfxMessage.parse(json))
                .withMessageStartingWith("Malformed CFX envelope: ");
    }

    @Test
    void rejectsAMissingOrNonTextMessageName() {
        assertThatIllegalArgumentException().isThrownBy(() -> CfxMessage.parse("{\"MessageBody\":{}}"))
                .withMessage("CFX envelope has no MessageName");
        assertThatIllegalArgumentException().isThrownBy(() -> CfxMessage.parse(
                        "{\"MessageName\":\"\",\"MessageBody\":{}}"))
                .withMessage("CFX envelope has no MessageName (got string \"\")");
        assertThatIllegalArgumentException().isThrownBy(() -> CfxMessage.parse(
                        "{\"MessageName\":7,\"MessageBody\":{}}"))
                .withMessage("CFX envelope has no MessageName (got number 7)");
    }

    @Test
    void rejectsAMissingOrNonObjectMessageBody() {
        assertThatIllegalArgumentException().isThrownBy(() -> CfxMessage.parse("{\"MessageName\":\"CFX.X\"}"))
                .withMessage("CFX envelope of CFX.X has no MessageBody");
        assertThatIllegalArgumentException().isThrownBy(() -> CfxMessage.parse(
                        "{\"MessageName\":\"CFX.X\",\"MessageBody\":null}"))
                .withMessage("CFX envelope of CFX.X has no MessageBody");
        assertThatIllegalArgumentException().isThrownBy(() -> CfxMessage.parse(
                        "{\"MessageName\":\"CFX.X\",\"MessageBody\":[1]}"))
                .withMessage("CFX envelope of CFX.X: MessageBody must be an object, got a list");
    }

    @Test
    void rejectsEnvelopeFieldsOfTheWrongType() {
        assertThatIllegalArgumentException().isThrownBy(() -> CfxMessage.parse(
                        "{\"MessageName\":\"CFX.X\",\"Source\":5,\"MessageBody\":{}}"))
                .withMessage("CFX envelope of CFX.X: Source must be a string, got number 5");
        assertThatIllegalArgumentException().isThrownBy(() -> CfxMessage.parse(
                        "{\"MessageName\":\"CFX.X\",\"TimeStamp\":\"yesterday\",\"MessageBody\":{}}"))
                .withMessage("CFX envelope of CFX.X: TimeStamp is not an ISO-8601 date-time: 'yesterday'");
    }

    @Test
    void rejectsBadArguments() {
        assertThatNullPointerException().isThrownBy(() -> CfxMessage.parse(null)).withMessage("envelopeJson");
        assertThatNullPointerException().isThrownBy(() -> CfxMessage.of(null, Map.of())).withMessage("messageName");
        assertThatNullPointerException().isThrownBy(() -> CfxMessage.of("CFX.X", null)).withMessage("body");
        assertThatIllegalArgumentException().isThrownBy(() -> CfxMessage.of(" ", Map.of()))
                .withMessage("messageName must not be blank");
        assertThatIllegalArgumentException().isThrownBy(() -> CfxMessage.of("CFX.X", Map.of("When", new Object())))
                .withMessageStartingWith("Body of CFX message CFX.X: Unsupported payload value at 'payload.When'");
    }
}
