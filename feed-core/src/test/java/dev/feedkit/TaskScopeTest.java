package dev.feedkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class TaskScopeTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void join_returns_when_every_task_succeeded() throws Exception {
        try (TaskScope scope = TaskScope.open(pool, Deadline.after(Duration.ofSeconds(5)))) {
            Future<Integer> a = scope.fork(() -> 1);
            Future<Integer> b = scope.fork(() -> 2);
            scope.join();
            assertThat(a.get() + b.get()).isEqualTo(3);
        }
    }

    @Test
    void the_first_failure_is_thrown_and_interrupts_the_other_tasks() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch sleeping = new CountDownLatch(1);
        try (TaskScope scope = TaskScope.open(pool, Deadline.after(Duration.ofSeconds(5)))) {
            scope.fork(() -> {
                sleeping.countDown();
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
                return null;
            });
            assertThat(sleeping.await(5, TimeUnit.SECONDS)).isTrue(); // a task cancelled before it starts is never interrupted
            scope.fork(() -> {
                throw new FeedUnavailableException("store down", null);
            });
            assertThatThrownBy(scope::join).isInstanceOf(FeedUnavailableException.class).hasMessage("store down");
        }
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void a_passed_deadline_fails_the_scope_and_cancels_adopted_futures() {
        CompletableFuture<Object> never = new CompletableFuture<>();
        try (TaskScope scope = TaskScope.open(pool, Deadline.after(Duration.ofMillis(50)))) {
            scope.adopt(never);
            assertThatThrownBy(scope::join).isInstanceOf(FeedUnavailableException.class)
                    .hasMessage("deadline passed while waiting for loads");
        }
        assertThat(never).isCancelled();
    }

    @Test
    void a_checked_failure_becomes_unavailable_with_the_cause_kept() {
        java.io.IOException cause = new java.io.IOException("socket closed");
        try (TaskScope scope = TaskScope.open(pool, Deadline.after(Duration.ofSeconds(5)))) {
            scope.fork(() -> {
                throw cause;
            });
            assertThatThrownBy(scope::join).isInstanceOf(FeedUnavailableException.class).hasCause(cause);
        }
    }
}
