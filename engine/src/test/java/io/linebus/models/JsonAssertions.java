package io.linebus.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Test helpers that compare JSON texts without building trees. */
public final class JsonAssertions {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonAssertions() {
    }

    /** {@code json} without the whitespace outside strings (what Python's separators add). */
    public static String compact(String json) {
        StringBuilder out = new StringBuilder(json.length());
        boolean inString = false;
        boolean escaped = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                out.append(c);
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
                out.append(c);
            } else if (!Character.isWhitespace(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Asserts that both texts hold the same JSON token by token: same structure, keys in the same
     * order, equal strings (escapes decoded) and numerically equal numbers of the same kind.
     */
    public static void assertSameJson(String actual, String expected) {
        try (JsonParser left = FACTORY.createParser(actual); JsonParser right = FACTORY.createParser(expected)) {
            JsonToken token;
            while ((token = right.nextToken()) != null) {
                JsonToken other = left.nextToken();
                assertThat(other).as("token at %s", right.currentTokenLocation()).isEqualTo(token);
                switch (token) {
                    case FIELD_NAME, VALUE_STRING -> assertThat(left.getText())
                            .as("text at %s", right.currentTokenLocation()).isEqualTo(right.getText());
                    case VALUE_NUMBER_INT -> assertThat(left.getBigIntegerValue())
                            .as("integer at %s", right.currentTokenLocation()).isEqualTo(right.getBigIntegerValue());
                    case VALUE_NUMBER_FLOAT -> assertThat(left.getDoubleValue())
                            .as("number at %s", right.currentTokenLocation()).isEqualTo(right.getDoubleValue());
                    default -> {
                    }
                }
            }
            assertThat(left.nextToken()).as("content after the expected JSON").isNull();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
