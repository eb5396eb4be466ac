package io.linebus.handlers;

import io.linebus.models.Event;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * A handler for non-blocking work: it implements {@link #handleAsync(Event)} and returns a
 * {@link CompletionStage}, so the async bus does not hold a thread while the work is in flight.
 *
 * <p>{@link #handle(Event)} (used by the synchronous bus) waits for the stage and reports its
 * outcome as a plain call would: the result, or the failure itself rather than the
 * {@link ExecutionException}/{@link CompletionException} around it. A failure that is an
 * {@link Exception} is rethrown as it is and an {@link Error} too (so a
 * {@link VirtualMachineError} keeps its meaning); a {@link Throwable} that is neither, which
 * {@code handle} cannot declare, is wrapped in a {@link CompletionException} whose cause it is.
 */
public abstract class AsyncHandler extends BaseHandler {
    protected AsyncHandler() {
        super();
    }

    protected AsyncHandler(String name) {
        super(name);
    }

    protected AsyncHandler(String name, int priority, boolean enabled) {
        super(name, priority, enabled);
    }

    /**
     * Starts processing one event and returns its outcome; must not return {@code null}. Prefer
     * reporting failures through the stage; an exception thrown directly is the handler's failure
     * all the same.
     */
    @Override
    public abstract CompletionStage<Object> handleAsync(Event event);

    /**
     * Runs {@link #handleAsync(Event)} and waits for its outcome (see the class documentation).
     *
     * @throws InterruptedException when the waiting thread is interrupted
     * @throws IllegalStateException when {@code handleAsync} returned {@code null}
     */
    @Override
    public final Object handle(Event event) throws Exception {
        CompletionStage<Object> stage = handleAsync(event);
        if (stage == null) {
            throw new IllegalStateException("handleAsync of handler " + name() + " returned null");
        }
        try {
            return stage.toCompletableFuture().get();
        } catch (ExecutionException wrapped) {
            throw rethrowable(unwrap(wrapped));
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof ExecutionException || current instanceof CompletionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static Exception rethrowable(Throwable failure) {
        if (failure instanceof Exception exception) {
            return exception;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new CompletionException(failure);
    }
}
