package io.linebus.journal;

import io.linebus.models.Event;
import io.linebus.models.EventIds;
import io.linebus.models.EventMetadata;
import io.linebus.models.EventType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** A seeded generator of events with every kind of payload value and metadata the model allows. */
final class RandomEvents {
    private static final EventType[] TYPES = EventType.values();
    private static final long[] SPECIAL_LONGS = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MIN_VALUE,
        Integer.MAX_VALUE, 127, 128, -64, -65};
    private static final double[] SPECIAL_DOUBLES = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MIN_NORMAL, 1e-300, 3.141592653589793};

    private final Random random;

    RandomEvents(long seed) {
        random = new Random(seed);
    }

    Event next() {
        EventMetadata metadata = new EventMetadata(
                random.nextInt(4) == 0 ? string(1, 40) + "x" : EventIds.newEventId(),
                nullableString(),
                nullableString(),
                timestamp(),
                random.nextInt(5) == 0 ? "" : string(0, 20),
                nullableString(),
                random.nextInt(3) == 0 ? random.nextInt(Integer.MAX_VALUE) : random.nextInt(4),
                nullableString(),
                nullableString(),
                random.nextInt(3) == 0 ? map(2) : null);
        return new Event(TYPES[random.nextInt(TYPES.length)], random.nextInt(10) == 0 ? null : map(4), metadata);
    }

    OffsetDateTime timestamp() {
        long second = switch (random.nextInt(4)) {
            case 0 -> 1_700_000_000L + random.nextInt(200_000_000);
            case 1 -> random.nextLong() % 31_000_000_000L; // years about -1000 to 3000
            case 2 -> OffsetDateTime.MIN.toEpochSecond() + 86_400 * 2;
            default -> OffsetDateTime.MAX.toEpochSecond() - 86_400 * 2;
        };
        int nano = switch (random.nextInt(3)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
        };
        ZoneOffset offset = switch (random.nextInt(3)) {
            case 0 -> ZoneOffset.UTC;
            case 1 -> ZoneOffset.ofTotalSeconds((random.nextInt(73) - 36) * 15 * 60);
            default -> ZoneOffset.ofTotalSeconds(random.nextInt(2 * 64_800 + 1) - 64_800);
        };
        return OffsetDateTime.ofInstant(Instant.ofEpochSecond(second, nano), offset);
    }

    Map<String, Object> map(int depth) {
        int size = random.nextInt(6);
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            map.put(random.nextInt(8) == 0 ? "" : string(1, 12), value(depth - 1));
        }
        return map;
    }

    Object value(int depth) {
        int kind = random.nextInt(depth > 0 ? 8 : 6);
        switch (kind) {
            case 0:
                return null;
            case 1:
                return string(0, random.nextInt(20) == 0 ? 3000 : 30);
            case 2:
                return random.nextBoolean();
            case 3:
                return random.nextBoolean() ? SPECIAL_LONGS[random.nextInt(SPECIAL_LONGS.length)] : random.nextLong();
            case 4:
                return random.nextBoolean()
                        ? SPECIAL_DOUBLES[random.nextInt(SPECIAL_DOUBLES.length)]
                        : random.nextBoolean() ? random.nextGaussian() * 1e6 : Double.longBitsToDouble(random.nextLong());
            case 5:
                return random.nextInt(3) - 1L;
            case 6:
                return map(depth);
            default:
                int size = random.nextInt(5);
                List<Object> list = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    list.add(value(depth - 1));
                }
                return list;
        }
    }

    String nullableString() {
        return switch (random.nextInt(4)) {
            case 0 -> null;
            case 1 -> "";
            default -> string(1, 40);
        };
    }

    /** ASCII mostly, with Latin-1, other BMP characters, surrogate pairs and lone surrogates mixed in. */
    String string(int minLength, int maxLength) {
        int length = minLength + random.nextInt(maxLength - minLength + 1);
        StringBuilder out = new StringBuilder(length + 2);
        boolean mixed = random.nextInt(3) == 0;
        while (out.length() < length) {
            int kind = mixed ? random.nextInt(6) : 0;
            switch (kind) {
                case 0 -> out.append((char) (0x20 + random.nextInt(0x5F)));
                case 1 -> out.append((char) (random.nextInt(0x80))); // control characters and NUL too
                case 2 -> out.append((char) (0x80 + random.nextInt(0x780)));
                case 3 -> {
                    char c = (char) (0x800 + random.nextInt(0xF800 - 0x800));
                    out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
                }
                case 4 -> out.appendCodePoint(0x10000 + random.nextInt(Character.MAX_CODE_POINT - 0xFFFF));
                default -> out.append((char) (random.nextBoolean() ? 0xD800 + random.nextInt(0x400) : 0xDC00 + random.nextInt(0x400)));
            }
        }
        return out.toString();
    }
}
