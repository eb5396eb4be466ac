package io.linebus.journal;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz tests of the decoder. In the normal build they replay the seed corpus under
 * {@code src/test/resources/io/linebus/journal/EventCodecFuzzTestInputs/}; run with
 * {@code JAZZER_FUZZ=1} to fuzz (inputs that fail are added to that directory).
 */
class EventCodecFuzzTest {

    /** Arbitrary bytes framed with a valid version and checksum, so the fuzzer reaches the parser. */
    @FuzzTest(maxDuration = "60s")
    void framedBodiesAreRejectedOrDecodeCanonically(byte[] body) {
        CodecChecks.decodeOrReject(CodecChecks.frame(body));
    }

    /** Arbitrary bytes as they are: almost always a checksum failure, never another exception. */
    @FuzzTest(maxDuration = "30s")
    void rawBytesAreRejectedOrDecodeCanonically(byte[] record) {
        CodecChecks.decodeOrReject(record);
    }
}
