package io.linebus.bus;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** How the buses treat a {@code Throwable} that user code threw. */
final class Failures {
    private Failures() {
    }

    /**
     * Any throwable is the failing code's own failure, except a {@link VirtualMachineError}: after
     * one, the JVM may not be able to go on, so it is not retried or dead-lettered but passed up.
     */
    static void rethrowIfFatal(Throwable error) {
        if (error instanceof VirtualMachineError fatal) {
            throw fatal;
        }
    }

    /** The cause behind the wrappers a {@code CompletionStage} adds. */
    static Throwable unwrap(Throwable error) {
        while ((error instanceof CompletionException || error instanceof ExecutionException) && error.getCause() != null) {
            error = error.getCause();
        }
        return error;
    }

    /** The first failure, with later ones added as suppressed. */
    static Exception collect(Exception first, Exception next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }
}
