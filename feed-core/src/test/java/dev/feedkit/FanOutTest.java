package dev.feedkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class FanOutTest {

    @Test
    void a_job_just_handed_to_the_pool_is_not_idle() throws InterruptedException {
        // A job handed to a new worker (or just taken from the queue) is neither queued nor active
        // until the worker starts it: idle() must still say no, or a test (or a host) that waits
        // for idleness reads a timeline before the job that drops it has run.
        FanOut fanOut = new FanOut(2, 16, Deadline::none, () -> { });
        try {
            for (int i = 0; i < 200; i++) {
                CountDownLatch release = new CountDownLatch(1);
                fanOut.submit(d -> await(release));
                assertThat(fanOut.idle()).as("right after submit, round %d", i).isFalse();
                release.countDown();
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!fanOut.idle()) {
                    assertThat(System.nanoTime()).as("the job finishes").isLessThan(end);
                    Thread.onSpinWait();
                }
            }
        } finally {
            fanOut.close();
        }
    }

    @Test
    void a_rebuild_just_handed_to_the_pool_is_not_idle() {
        FanOut fanOut = new FanOut(2, 16, Deadline::none, () -> { });
        try {
            for (int i = 0; i < 200; i++) {
                CountDownLatch release = new CountDownLatch(1);
                fanOut.execute(() -> await(release));
                assertThat(fanOut.idle()).as("right after execute, round %d", i).isFalse();
                release.countDown();
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!fanOut.idle()) {
                    assertThat(System.nanoTime()).as("the rebuild finishes").isLessThan(end);
                    Thread.onSpinWait();
                }
            }
        } finally {
            fanOut.close();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
