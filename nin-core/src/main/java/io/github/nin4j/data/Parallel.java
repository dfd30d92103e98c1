package io.github.nin4j.data;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/** Work over a folder's files on every core. */
final class Parallel {

    private Parallel() {}

    /**
     * Runs {@code task} for 0 to {@code count - 1} on as many threads as there are cores, in a pool
     * of its own, and waits for all of them; an unchecked exception of the task is rethrown here.
     */
    static void forEach(int count, IntConsumer task) {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.submit(() -> IntStream.range(0, count).parallel().forEach(task)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading images", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdown();
        }
    }
}
