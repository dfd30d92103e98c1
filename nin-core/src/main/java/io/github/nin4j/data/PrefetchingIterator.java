package io.github.nin4j.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Yields the closeable items {@code first} to {@code count - 1} made by a function of their
 * position, making item {@code i + 1} on a background executor while the caller works on item
 * {@code i}. With no executor it makes each item when asked. The caller closes the items it
 * receives; {@link #discard()} closes the one made ahead and not yet handed out.
 *
 * @param <T> the item type
 */
final class PrefetchingIterator<T extends AutoCloseable> implements Iterator<T> {

    private final IntFunction<T> make;
    private final int count;
    private final ExecutorService executor;
    private int next;
    private Future<T> ahead;

    /** Starts making item {@code first} at once when there is an executor. */
    PrefetchingIterator(IntFunction<T> make, int first, int count, ExecutorService executor) {
        this.make = make;
        this.count = count;
        this.executor = executor;
        this.next = first;
        makeAhead();
    }

    @Override
    public boolean hasNext() {
        return next < count;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("all " + count + " items were handed out");
        }
        T item = ahead == null ? make.apply(next) : await(ahead);
        ahead = null;
        next++;
        makeAhead();
        return item;
    }

    /** Stops making ahead and closes an item made but not handed out. */
    void discard() {
        Future<T> pending = ahead;
        ahead = null;
        next = count;
        if (pending != null) {
            // Not cancelled: a task already running would finish after cancel() and leak its
            // item. Waiting costs at most the making of one item.
            T item;
            try {
                item = await(pending);
            } catch (RuntimeException e) {
                // Nobody asked for this item, so its failure has nobody to be reported to.
                return;
            }
            close(item);
        }
    }

    private void makeAhead() {
        if (executor != null && next < count) {
            int position = next;
            ahead = executor.submit(() -> make.apply(position));
        }
    }

    private static <T> T await(Future<T> future) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    // The item is being made; wait for it so that it is not leaked.
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void close(AutoCloseable item) {
        try {
            item.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing a prefetched item failed", e);
        }
    }
}
