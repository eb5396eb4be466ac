package io.linebus.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Seeded random events, payloads nested a few levels deep, through every EventJson path. */
class EventJsonRoundTripTest {
    private static final ZoneOffset[] OFFSETS = {ZoneOffset.UTC, ZoneOffset.ofHours(2),
        ZoneOffset.ofHoursMinutes(5, 30), ZoneOffset.ofHours(-8), ZoneOffset.ofHoursMinutes(-3, -30)};
    private static final String SPECIAL = "\"\\/\b\f\n\r\t\u0000\u001f\u007f \u00e9\u00b0\u4e2d\u20ac\ud83d\ude00\ud800\udc00";

    static LongStream seeds() {
        return LongStream.range(0, 300);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void randomEventsSurviveJson(long seed) {
        Random random = new Random(seed);
        Event event = randomEvent(random);

        String json = EventJson.toJson(event);
        byte[] bytes = EventJson.toJsonBytes(event);

        assertThat(EventJson.fromJson(json)).isEqualTo(event);
        assertThat(EventJson.fromJson(bytes)).isEqualTo(event);
        assertThat(EventJson.toJson(EventJson.fromJson(json))).isEqualTo(json);
        assertThat(EventJson.parseObject(json)).isEqualTo(event.toMap());
        assertThat(EventJson.parseObject(EventJson.writeValue(event.payload()))).isEqualTo(event.payload());
    }

    private static Event randomEvent(Random random) {
        EventType[] types = EventType.values();
        OffsetDateTime time = OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)
                .plus(Math.floorMod(random.nextLong(), 4_102_444_800_000_000L), ChronoUnit.MICROS)
                .withOffsetSameInstant(OFFSETS[random.nextInt(OFFSETS.length)]);
        if (random.nextBoolean()) {
            time = time.truncatedTo(ChronoUnit.SECONDS);
        }
        return Event.builder(types[random.nextInt(types.length)])
                .payload(randomMap(random, 0))
                .eventId(random.nextBoolean() ? EventIds.newEventId() : "id-" + randomString(random))
                .timestamp(time)
                .source(random.nextBoolean() ? null : randomString(random))
                .correlationId(random.nextBoolean() ? null : randomString(random))
                .causationId(random.nextBoolean() ? null : randomString(random))
                .sourceTopic(random.nextBoolean() ? null : randomString(random))
                .traceId(random.nextBoolean() ? null : EventIds.newTraceId())
                .spanId(random.nextBoolean() ? null : EventIds.newSpanId())
                .retryCount(random.nextInt(10))
                .custom(random.nextInt(3) == 0 ? null : randomMap(random, 2))
                .build();
    }

    private static Map<String, Object> randomMap(Random random, int depth) {
        Map<String, Object> map = new LinkedHashMap<>();
        int size = random.nextInt(depth >= 4 ? 2 : 6);
        for (int i = 0; i < size; i++) {
            map.put(randomString(random), randomValue(random, depth + 1));
        }
        return map;
    }

    private static Object randomValue(Random random, int depth) {
        int kind = random.nextInt(depth >= 4 ? 6 : 8);
        return switch (kind) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> randomString(random);
            case 3 -> randomLong(random);
            case 4, 5 -> randomDouble(random);
            case 6 -> randomMap(random, depth);
            default -> randomList(random, depth);
        };
    }

    private static List<Object> randomList(Random random, int depth) {
        List<Object> list = new ArrayList<>();
        int size = random.nextInt(5);
        for (int i = 0; i < size; i++) {
            list.add(randomValue(random, depth + 1));
        }
        return list;
    }

    private static String randomString(Random random) {
        int length = random.nextInt(12);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(4);
            if (pick == 0) {
                // one character, or one surrogate pair, of the special set
                int at = random.nextInt(SPECIAL.length());
                char c = SPECIAL.charAt(at);
                if (Character.isHighSurrogate(c)) {
                    text.append(c).append(SPECIAL.charAt(at + 1));
                } else if (Character.isLowSurrogate(c)) {
                    text.append(SPECIAL.charAt(at - 1)).append(c);
                } else {
                    text.append(c);
                }
            } else if (pick == 1) {
                text.appendCodePoint(0x80 + random.nextInt(0xD7FF - 0x80));
            } else {
                text.append((char) (' ' + random.nextInt(95)));
            }
        }
        return text.toString();
    }

    private static long randomLong(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> Long.MAX_VALUE;
            case 1 -> Long.MIN_VALUE;
            case 2 -> random.nextLong();
            default -> random.nextInt(2001) - 1000;
        };
    }

    private static double randomDouble(Random random) {
        switch (random.nextInt(6)) {
            case 0:
                return -0.0;
            case 1:
                return Double.MIN_VALUE * (1 + random.nextInt(1000));
            case 2:
                return (random.nextInt(2_000_001) - 1_000_000) / Math.pow(10, random.nextInt(8));
            default:
                double value;
                do {
                    value = Double.longBitsToDouble(random.nextLong());
                } while (!Double.isFinite(value));
                return value;
        }
    }
}
