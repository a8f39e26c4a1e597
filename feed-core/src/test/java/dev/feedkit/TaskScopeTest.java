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
import org.junit.jupiter.api.Timeout;

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
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        try (TaskScope scope = TaskScope.open(pool, Deadline.after(Duration.ofSeconds(5)))) {
            scope.fork(() -> {
                blocked.countDown();
                try {
                    never.await(); // blocks until interrupted
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
                return null;
            });
            assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue(); // a task cancelled before it starts is never interrupted
            scope.fork(() -> {
                throw new FeedUnavailableException("store down", null);
            });
            assertThatThrownBy(scope::join).isInstanceOf(FeedUnavailableException.class).hasMessage("store down");
        }
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
    }

    // The hour-long deadlines below pass on a fake ticker; were the scope to read the real clock,
    // join would hang, hence the timeout (a guard, not a measurement).

    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void a_deadline_passed_on_its_ticker_fails_the_scope_without_waiting_and_cancels_adopted_futures() {
        FakeTicker ticker = new FakeTicker();
        CompletableFuture<Object> never = new CompletableFuture<>();
        try (TaskScope scope = TaskScope.open(pool, Deadline.after(Duration.ofHours(1), ticker))) {
            scope.adopt(never);
            ticker.advance(Duration.ofHours(1));
            assertThatThrownBy(scope::join).isInstanceOf(FeedUnavailableException.class)
                    .hasMessage("deadline passed while waiting for loads");
        }
        assertThat(never).isCancelled();
    }

    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void join_waits_only_for_the_time_its_ticker_says_is_left() {
        FakeTicker ticker = new FakeTicker();
        CompletableFuture<Object> never = new CompletableFuture<>();
        try (TaskScope scope = TaskScope.open(pool, Deadline.after(Duration.ofHours(1), ticker))) {
            scope.adopt(never);
            ticker.advance(Duration.ofHours(1).minusMillis(1)); // join blocks for the 1 ms left, in real time
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
