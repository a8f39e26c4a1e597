package dev.feedkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/*
 * Go's errgroup for a request: run independent loads concurrently, wait for all of them under the
 * request's deadline, and on the first failure (or the deadline) cancel the rest and report that
 * failure. Forked tasks are interrupted on cancellation; adopted futures are cancelled.
 */

/**
 * A group of concurrent tasks that succeed together or fail together, within a {@link Deadline}.
 * Not thread-safe: one request's thread forks and joins.
 *
 * <pre>{@code
 * try (TaskScope scope = TaskScope.open(executor, deadline)) {
 *     Future<A> a = scope.fork(() -> loadA());
 *     Future<B> b = scope.fork(() -> loadB());
 *     scope.join();          // first failure cancels the other and is thrown here
 *     use(a.get(), b.get());
 * }
 * }</pre>
 */
final class TaskScope implements AutoCloseable {
    private final ExecutorService executor;
    private final Deadline deadline;
    private final List<Future<?>> tasks = new ArrayList<>(4);
    private final CompletableFuture<Void> firstFailure = new CompletableFuture<>();
    private final List<CompletableFuture<?>> watched = new ArrayList<>(4);

    private TaskScope(ExecutorService executor, Deadline deadline) {
        this.executor = executor;
        this.deadline = deadline;
    }

    /**
     * Opens a scope.
     *
     * @param executor runs forked tasks; when it rejects one, the task runs on the caller's thread
     * @param deadline when {@link #join()} gives up
     * @return the scope
     */
    static TaskScope open(ExecutorService executor, Deadline deadline) {
        return new TaskScope(Objects.requireNonNull(executor, "executor"), Objects.requireNonNull(deadline, "deadline"));
    }

    /**
     * Starts {@code task} concurrently.
     *
     * @param task the task
     * @param <T> its result type
     * @return its future, complete once {@link #join()} returns
     */
    <T> Future<T> fork(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Callable<T> run = () -> {
            try {
                T value = task.call();
                result.complete(value);
                return value;
            } catch (Throwable t) {
                result.completeExceptionally(t);
                throw t;
            }
        };
        try {
            tasks.add(executor.submit(run));
        } catch (RejectedExecutionException e) {
            try {
                run.call();
            } catch (Exception ignored) {
                // recorded in result
            }
        }
        return adopt(result);
    }

    /**
     * Joins a future started elsewhere to this scope: its failure fails the scope, and the
     * scope's failure cancels it. Pass {@code shared.copy()} for a future that other parties also
     * wait on (such as another request's load of the same key), so that only the copy is cancelled.
     *
     * @param future the future
     * @param <T> its result type
     * @return {@code future}
     */
    <T> CompletableFuture<T> adopt(CompletableFuture<T> future) {
        watched.add(future);
        future.whenComplete((v, t) -> {
            if (t != null) {
                firstFailure.completeExceptionally(t);
            }
        });
        return future;
    }

    /**
     * Waits until every task finished, the first one failed, or the deadline passed.
     *
     * @throws FeedUnavailableException if the deadline passed, the thread was interrupted, or a
     *     task failed with a checked exception (the cause is kept)
     * @throws RuntimeException the first task's unchecked failure, as thrown
     */
    void join() {
        CompletableFuture<Void> all = CompletableFuture.allOf(watched.toArray(new CompletableFuture<?>[0]));
        try {
            long nanos = deadline.remainingNanos();
            if (nanos <= 0 && !all.isDone()) {
                throw new TimeoutException();
            }
            CompletableFuture.anyOf(all, firstFailure).get(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancelAll();
            throw new FeedUnavailableException("interrupted while waiting for loads", e);
        } catch (TimeoutException e) {
            cancelAll();
            throw new FeedUnavailableException("deadline passed while waiting for loads", e);
        } catch (ExecutionException | CancellationException e) {
            cancelAll();
            throw rethrow(e instanceof ExecutionException ? e.getCause() : e);
        }
    }

    /** Cancels every task that has not finished. */
    @Override
    public void close() {
        cancelAll();
    }

    private void cancelAll() {
        for (Future<?> f : tasks) {
            f.cancel(true);
        }
        for (CompletableFuture<?> f : watched) {
            f.cancel(false);
        }
    }

    static RuntimeException rethrow(Throwable t) {
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof RuntimeException) {
            return (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        return new FeedUnavailableException("load failed: " + t, t);
    }
}
