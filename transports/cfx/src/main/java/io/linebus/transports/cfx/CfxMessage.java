package io.linebus.transports.cfx;

import io.linebus.models.EventJson;
import io.linebus.models.PayloadValues;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One IPC-CFX message: the envelope fields and the message body.
 *
 * <p>Immutable. The body is a deep unmodifiable copy in the payload value model (maps, lists,
 * strings, booleans, {@code Long}, {@code Double}, null); a top-level {@code "$type"} member (which
 * CFX SDKs since 2020 write as {@code "<MessageName>, CFX"}) is dropped, since it repeats the
 * message name.
 *
 * @param messageName the fully qualified name, e.g. {@code CFX.Production.WorkStarted} (required)
 * @param version the CFX version of the sender, e.g. {@code "1.7"}; nullable
 * @param timestamp when the sender created the message, with its offset and all seven fraction
 *     digits .NET writes; nullable (bare bodies have none)
 * @param uniqueId the message's unique id; nullable
 * @param source the CFX handle of the sending endpoint; nullable
 * @param target the CFX handle of the addressee, for requests; nullable
 * @param requestId the id linking a request and its response; nullable
 * @param body the message body (required)
 */
public record CfxMessage(String messageName, String version, OffsetDateTime timestamp, String uniqueId,
        String source, String target, String requestId, Map<String, Object> body) {

    private static final String TYPE_MEMBER = "$type";

    /**
     * @throws NullPointerException for a null {@code messageName} or {@code body}
     * @throws IllegalArgumentException for a blank message name, or a body value outside the
     *     payload value model
     */
    public CfxMessage {
        Objects.requireNonNull(messageName, "messageName");
        Objects.requireNonNull(body, "body");
        if (messageName.isBlank()) {
            throw new IllegalArgumentException("messageName must not be blank");
        }
        body = freezeBody(messageName, body);
    }

    /**
     * A message from a bare body, as the CFX SDK documents message examples: no envelope fields.
     *
     * @throws NullPointerException for a null argument
     * @throws IllegalArgumentException for a blank message name, or a body value outside the
     *     payload value model (null, String, Boolean, numbers, Map&lt;String, ?&gt;, List)
     */
    @SuppressWarnings("unchecked")
    public static CfxMessage of(String messageName, Map<String, ?> body) {
        return new CfxMessage(messageName, null, null, null, null, null, null, (Map<String, Object>) body);
    }

    /**
     * Reads a CFX envelope: {@code MessageName}, {@code Version}, {@code TimeStamp},
     * {@code UniqueID}, {@code Source}, {@code Target}, {@code RequestID}, {@code MessageBody}.
     * Member names are matched exactly first, then ignoring case; unknown members are ignored.
     *
     * @throws NullPointerException for null text
     * @throws IllegalArgumentException for malformed JSON, a missing or non-string
     *     {@code MessageName}, a missing or non-object {@code MessageBody}, an envelope field of the
     *     wrong type, or a {@code TimeStamp} that is not an ISO-8601 date-time
     */
    public static CfxMessage parse(String envelopeJson) {
        Objects.requireNonNull(envelopeJson, "envelopeJson");
        Map<String, Object> envelope;
        try {
            envelope = EventJson.parseObject(envelopeJson);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Malformed CFX envelope: " + e.getMessage(), e);
        }
        Object name = CfxBody.lookup(envelope, "MessageName");
        if (!(name instanceof String messageName) || messageName.isBlank()) {
            throw new IllegalArgumentException("CFX envelope has no MessageName"
                    + (name == null ? "" : " (got " + CfxBody.describe(name) + ")"));
        }
        Object body = CfxBody.lookup(envelope, "MessageBody");
        if (body == null) {
            throw new IllegalArgumentException("CFX envelope of " + messageName + " has no MessageBody");
        }
        if (!(body instanceof Map<?, ?> bodyMap)) {
            throw new IllegalArgumentException("CFX envelope of " + messageName
                    + ": MessageBody must be an object, got " + CfxBody.describe(body));
        }
        String timeStamp = envelopeString(envelope, "TimeStamp", messageName);
        OffsetDateTime time;
        try {
            time = timeStamp == null ? null : CfxTimes.parse(timeStamp);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("CFX envelope of " + messageName + ": TimeStamp is " + e.getMessage(), e);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> typedBody = (Map<String, Object>) bodyMap;
        return new CfxMessage(messageName,
                envelopeString(envelope, "Version", messageName),
                time,
                envelopeString(envelope, "UniqueID", messageName),
                envelopeString(envelope, "Source", messageName),
                envelopeString(envelope, "Target", messageName),
                envelopeString(envelope, "RequestID", messageName),
                typedBody);
    }

    private static String envelopeString(Map<String, Object> envelope, String key, String messageName) {
        Object value = CfxBody.lookup(envelope, key);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new IllegalArgumentException("CFX envelope of " + messageName + ": " + key + " must be a string, got "
                + CfxBody.describe(value));
    }

    private static Map<String, Object> freezeBody(String messageName, Map<String, Object> body) {
        Map<String, Object> values = body;
        if (body.containsKey(TYPE_MEMBER)) {
            values = new LinkedHashMap<>(body);
            values.remove(TYPE_MEMBER);
        }
        try {
            return PayloadValues.freeze(values);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Body of CFX message " + messageName + ": " + e.getMessage(), e);
        }
    }
}
