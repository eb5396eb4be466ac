package io.linebus.transports.cfx;

import io.linebus.models.Event;
import io.linebus.models.EventIds;
import io.linebus.models.EventMetadata;
import io.linebus.models.EventType;
import io.linebus.models.domain.DomainEvent;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every mapping of one message shares: the body, the sender, the message time and the
 * event metadata.
 */
final class CfxContext {
    /** Where the CFX message name goes in {@code metadata.custom}. */
    static final String MESSAGE_NAME_KEY = "cfx_message_name";
    /** Where the envelope's {@code UniqueID} goes in {@code metadata.custom}, when there is one. */
    static final String UNIQUE_ID_KEY = "cfx_unique_id";

    private final CfxMessage message;
    private final CfxBody body;
    private final String sender;
    private final OffsetDateTime messageTime;
    private final String traceId;

    CfxContext(CfxMessage message, String endpointName, Clock clock) {
        this.message = message;
        this.body = CfxBody.of(message);
        this.sender = isEmpty(message.source()) ? endpointName : message.source();
        // Microseconds: what the JSON form and the domain records keep, so events round-trip.
        this.messageTime = (message.timestamp() != null ? message.timestamp()
                : OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)).truncatedTo(ChronoUnit.MICROS);
        // One trace per message: the events of a multi-unit message belong together.
        this.traceId = EventIds.newTraceId();
    }

    CfxBody body() {
        return body;
    }

    /** The CFX handle of the sender (envelope {@code Source}), else the configured endpoint name. */
    String sender() {
        return sender;
    }

    /** The envelope's {@code TimeStamp}, else the processing time (a bare body has no time). */
    OffsetDateTime messageTime() {
        return messageTime;
    }

    /** An event with {@code payload}, correlated by {@code correlationId}, else the envelope's RequestID. */
    Event event(DomainEvent payload, String correlationId) {
        return payload.toEvent(metadata(correlationId));
    }

    /** The message as a custom event: the raw body as payload. */
    Event customEvent() {
        return new Event(EventType.CUSTOM, message.body(), metadata(null));
    }

    private EventMetadata metadata(String correlationId) {
        Map<String, Object> custom = new LinkedHashMap<>(4);
        custom.put(MESSAGE_NAME_KEY, message.messageName());
        if (!isEmpty(message.uniqueId())) {
            custom.put(UNIQUE_ID_KEY, message.uniqueId());
        }
        return EventMetadata.builder()
                .timestamp(messageTime)
                .source("cfx:" + sender)
                .sourceTopic(message.messageName())
                .correlationId(isEmpty(correlationId) ? emptyToNull(message.requestId()) : correlationId)
                .traceId(traceId)
                .custom(custom)
                .build();
    }

    static boolean isEmpty(String text) {
        return text == null || text.isEmpty();
    }

    private static String emptyToNull(String text) {
        return isEmpty(text) ? null : text;
    }
}
