package io.linebus.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadValuesTest {

    @Test
    void frozenMapsAnswerLookupsSmallAndLargeAndWalkInOrderByIndex() {
        Map<String, Object> source = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) { // above the size searched by scanning
            source.put("k" + i, (long) i);
        }
        Map<String, Object> large = PayloadValues.freeze(source);
        Map<String, Object> small = PayloadValues.freeze(Map.of("a", 1));
        assertThat(large.get("k17")).isEqualTo(17L);
        assertThat(large.containsKey("k3")).isTrue();
        assertThat(large.get("missing")).isNull();
        assertThat(large.get(42)).isNull();
        assertThat(small.get("a")).isEqualTo(1L);
        assertThat(small.containsKey("b")).isFalse();
        assertThat(large).isEqualTo(source).hasSameHashCodeAs(source);
        for (int i = 0; i < 20; i++) {
            assertThat(PayloadValues.keyAt(large, i)).isEqualTo("k" + i);
            assertThat(PayloadValues.valueAt(large, i)).isEqualTo((long) i);
        }
        assertThatThrownBy(() -> PayloadValues.keyAt(new HashMap<>(source), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Not a frozen payload map");
    }

    @Test
    void adoptedEntriesBecomeAFrozenMapWithoutACopy() {
        String[] keys = {"x", "y"};
        Object[] values = {1L, "two"};
        Map<String, Object> adopted = PayloadValues.adoptEntries(keys, values);
        assertThat(adopted).containsExactly(Map.entry("x", 1L), Map.entry("y", "two"));
        assertThat(PayloadValues.isFrozen(adopted)).isTrue();
        assertThat(PayloadValues.freeze(adopted)).isSameAs(adopted);
        assertThatThrownBy(() -> PayloadValues.adoptEntries(keys, new Object[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 keys but 1 values");
    }

    @Test
    void mapsOfOneShapeAreRecognisedAndCanShareTheirKeys() {
        Map<String, Object> first = PayloadValues.adoptEntries(new String[] {"name", "value"}, new Object[] {"R1", 1.0});
        Map<String, Object> second = PayloadValues.adoptValues(first, new Object[] {"R2", 2.0});
        Map<String, Object> ordered = new LinkedHashMap<>();
        ordered.put("name", "R3");
        ordered.put("value", 3.0);
        Map<String, Object> reversed = new LinkedHashMap<>();
        reversed.put("value", 4.0);
        reversed.put("name", "R4");

        assertThat(second).containsExactly(Map.entry("name", "R2"), Map.entry("value", 2.0));
        assertThat(PayloadValues.isFrozen(second)).isTrue();
        assertThat(PayloadValues.sameKeys(first, second)).isTrue();
        assertThat(PayloadValues.sameKeys(first, PayloadValues.freeze(ordered))).isTrue();
        assertThat(PayloadValues.sameKeys(first, ordered)).isTrue();
        assertThat(PayloadValues.sameKeys(ordered, first)).isTrue();
        assertThat(PayloadValues.sameKeys(first, reversed)).isFalse();
        assertThat(PayloadValues.sameKeys(first, PayloadValues.freeze(reversed))).isFalse();
        assertThat(PayloadValues.sameKeys(first, PayloadValues.freeze(Map.of("name", "x")))).isFalse();
        assertThat(PayloadValues.sameKeys(PayloadValues.empty(), Map.of())).isTrue();
        assertThatThrownBy(() -> PayloadValues.adoptValues(first, new Object[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 keys but 1 values");
        assertThatThrownBy(() -> PayloadValues.adoptValues(ordered, new Object[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Not a frozen payload map");
    }

    @Test
    void rejectsUnsupportedValuesNamingTheirPath() {
        Map<String, Object> payload = Map.of("outer", Map.of("list", List.of("ok", new BigDecimal("1.5"))));
        assertThatThrownBy(() -> PayloadValues.freeze(payload))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'payload.outer.list[1]'")
                .hasMessageContaining("java.math.BigDecimal");
    }

    @Test
    void eventsRejectUnsupportedPayloadValues() {
        assertThatThrownBy(() -> Event.create(EventType.CUSTOM, Map.of("when", Instant.EPOCH)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'payload.when'")
                .hasMessageContaining("java.time.Instant");
    }

    @Test
    void rejectsNonStringKeys() {
        Map<Object, Object> inner = new HashMap<>();
        inner.put(1, "one");
        assertThatThrownBy(() -> PayloadValues.freeze(Map.of("numbers", inner)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Integer")
                .hasMessageContaining("'payload.numbers'");
    }

    @Test
    void widensNarrowNumbersAndTurnsArraysAndCollectionsIntoLists() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("int", 1);
        payload.put("short", (short) 2);
        payload.put("byte", (byte) 3);
        payload.put("float", 1.5f);
        payload.put("array", new Object[] {1, "two"});
        payload.put("set", new LinkedHashSet<>(List.of("a", "b")));

        Map<String, Object> frozen = PayloadValues.freeze(payload);

        assertThat(frozen).containsExactly(
                Map.entry("int", 1L),
                Map.entry("short", 2L),
                Map.entry("byte", 3L),
                Map.entry("float", 1.5d),
                Map.entry("array", List.of(1L, "two")),
                Map.entry("set", List.of("a", "b")));
    }

    // D14
    @Test
    void freezesADeepCopy() {
        List<Object> list = new ArrayList<>(List.of("a"));
        Map<String, Object> nested = new LinkedHashMap<>(Map.of("list", list));
        Map<String, Object> payload = new LinkedHashMap<>(Map.of("nested", nested));

        Map<String, Object> frozen = PayloadValues.freeze(payload);
        list.add("b");
        nested.put("new", 1);
        payload.put("other", 2);

        assertThat(frozen).isEqualTo(Map.of("nested", Map.of("list", List.of("a"))));
        @SuppressWarnings("unchecked")
        Map<String, Object> frozenNested = (Map<String, Object>) frozen.get("nested");
        @SuppressWarnings("unchecked")
        List<Object> frozenList = (List<Object>) frozenNested.get("list");
        assertThatThrownBy(() -> frozen.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> frozenNested.remove("list")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> frozenList.add("c")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> frozen.entrySet().iterator().next().setValue(1))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void keepsInsertionOrderAndNulls() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("z", null);
        payload.put("a", 1L);
        payload.put("m", List.of());
        assertThat(PayloadValues.freeze(payload).keySet()).containsExactly("z", "a", "m");
        assertThat(PayloadValues.freeze(payload)).containsEntry("z", null);
    }

    @Test
    void frozenMapsAreNotCopiedAgain() {
        Map<String, Object> frozen = PayloadValues.freeze(Map.of("a", 1L));
        assertThat(PayloadValues.freeze(frozen)).isSameAs(frozen);
        assertThat(PayloadValues.isFrozen(frozen)).isTrue();
        assertThat(PayloadValues.isFrozen(new HashMap<>())).isFalse();
        assertThat(PayloadValues.freeze(null)).isEmpty();
        assertThat(PayloadValues.isFrozen(PayloadValues.freeze(null))).isTrue();
    }
}
