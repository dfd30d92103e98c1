package io.github.nin4j.data;

import ai.djl.Device;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.util.NDImageUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.Batchifier;
import io.github.nin4j.base.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The batches of one split, as d2l's {@code load_data_fashion_mnist(batch_size, resize)} yields
 * them: each a DJL {@link Batch} whose data is one float32 array of shape (B, C, R, R), C being the
 * images' channels (1 for Fashion-MNIST), with values in [0, 1], and whose labels are one int64
 * array of shape (B). The last, partial batch is kept. Training batches are shuffled per epoch
 * ({@link Builder#optShuffle}); the order is a function of the seed and the epoch alone.
 *
 * <p>Resizing happens per batch, on the engine: bilinear interpolation with half-pixel centres
 * ({@code align_corners=false}); DJL's {@link NDImageUtils#resize} calls PyTorch's {@code
 * interpolate} with exactly that, which is what torchvision's {@code Resize} does when it enlarges.
 * One small, known difference: torchvision resizes the PIL uint8 image, so its values are rounded
 * to multiples of 1/255 before {@code ToTensor}, while here the floats are resized and not rounded
 * (the difference is below 1/255 per pixel). Shrinking (a size below the images') is not
 * antialiased, unlike PIL's. Each channel is resized on its own, as {@code interpolate} does.
 *
 * <p>While the caller trains on one batch, the next is made on a background thread ({@link
 * Builder#optPrefetch}). Each batch has its own sub-manager of the parent manager, released when
 * the caller closes the batch, so memory stays flat whatever the number of batches. DJL's own
 * {@code RandomAccessDataset} is not used because it transforms example by example and its samplers
 * draw from a global generator, so an epoch's order could not be replayed from a seed.
 */
public final class BatchLoader implements AutoCloseable {

    private final ImageSet images;
    private final NDManager manager;
    private final int batchSize;
    private final Preprocessing preprocessing;
    private final long seed;
    private final Device device;
    private final EpochOrder order;
    private final ExecutorService executor;

    /**
     * Direct buffers of a batch's floats, reused from batch to batch. The engine wraps a direct
     * buffer without copying it; one made per batch would be freed only when the JVM next collects
     * its heap, so the process's native memory would grow with the time between collections.
     */
    private final Queue<ByteBuffer> spareBuffers = new ConcurrentLinkedQueue<>();

    private final AtomicInteger buffersMade = new AtomicInteger();

    private PrefetchingIterator<Batch> current;

    private BatchLoader(Builder builder) {
        images = builder.images;
        manager = builder.manager;
        batchSize = builder.batchSize;
        preprocessing =
                builder.preprocessing != null
                        ? builder.preprocessing
                        : Preprocessing.plain(builder.resize);
        seed = builder.seed;
        device = builder.device != null ? builder.device : manager.getDevice();
        order = new EpochOrder(images.size(), builder.shuffle, builder.seed);
        executor =
                builder.prefetch
                        ? Executors.newSingleThreadExecutor(
                                task -> {
                                    Thread thread = new Thread(task, "nin-batch-prefetch");
                                    thread.setDaemon(true);
                                    return thread;
                                })
                        : null;
    }

    /**
     * Starts a builder.
     *
     * @return a builder; {@link Builder#setImages} and {@link Builder#setManager} are required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The number of batches in an epoch, the last one partial when the batch size does not divide
     * the number of images.
     *
     * @return {@code ceil(images / batchSize)}
     */
    public int batchesPerEpoch() {
        return (images.size() + batchSize - 1) / batchSize;
    }

    /**
     * The order in which an epoch visits the images.
     *
     * @param epoch the epoch, from 0
     * @return a permutation of the image indices; the identity when not shuffling
     */
    public int[] order(int epoch) {
        checkEpoch(epoch);
        return order.of(epoch);
    }

    /**
     * The batches of one epoch. Starting an epoch ends the iterator of the previous one (its batch
     * made ahead is closed), so use one loader per split.
     *
     * @param epoch the epoch, from 0; with shuffling, it selects the order
     * @return {@link #batchesPerEpoch()} batches; the caller closes each
     */
    public Iterator<Batch> epoch(int epoch) {
        return epoch(epoch, 0);
    }

    /**
     * The batches of one epoch from a given batch on: an epoch resumed after its first {@code
     * first} batches gets the batches an uninterrupted one gets from there, made ahead as {@link
     * #epoch(int)} makes them.
     *
     * @param epoch the epoch, from 0; with shuffling, it selects the order
     * @param first the number of the epoch's batches to skip, from 0 to {@link #batchesPerEpoch()}
     * @return the epoch's batches after the first {@code first}; the caller closes each
     */
    public Iterator<Batch> epoch(int epoch, int first) {
        checkEpoch(epoch);
        if (first < 0 || first > batchesPerEpoch()) {
            throw new IllegalArgumentException(
                    "an epoch of %s batches cannot start after batch %s"
                            .formatted(batchesPerEpoch(), first));
        }
        if (current != null) {
            current.discard();
        }
        int[] indices = order.of(epoch);
        current =
                new PrefetchingIterator<>(
                        i -> batch(indices, epoch, i), first, batchesPerEpoch(), executor);
        return current;
    }

    /**
     * The number of images in one of an epoch's batches: the batch size, less in the last batch
     * when the batch size does not divide the number of images.
     *
     * @param number the batch, from 0
     * @return its images
     */
    public int batchSize(int number) {
        if (number < 0 || number >= batchesPerEpoch()) {
            throw new IllegalArgumentException(
                    "batch " + number + " is not one of the epoch's " + batchesPerEpoch());
        }
        return Math.min(batchSize, images.size() - number * batchSize);
    }

    /** Closes the batch made ahead, if any, and stops the background thread. */
    @Override
    public void close() {
        if (current != null) {
            current.discard();
            current = null;
        }
        if (executor != null) {
            executor.shutdown();
            try {
                executor.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Batch batch(int[] indices, int epoch, int number) {
        int from = number * batchSize;
        int size = Math.min(batchSize, indices.length - from);
        int perImage = images.perImage();
        ByteBuffer pixels = takeBuffer(size * perImage);
        long[] labels = new long[size];
        List<Long> ids = new ArrayList<>(size);
        byte[] scratch = new byte[perImage];
        FloatBuffer floats = pixels.asFloatBuffer();
        for (int b = 0; b < size; b++) {
            int index = indices[from + b];
            images.copyScaled(index, floats, scratch);
            labels[b] = images.label(index);
            ids.add((long) index);
        }
        NDManager batchManager = manager.newSubManager(device);
        try {
            NDArray data;
            try {
                data =
                        preprocessing.augment()
                                ? augmented(batchManager, pixels, indices, from, epoch, size)
                                : tensor(
                                        batchManager, pixels, size, images, preprocessing.resize());
            } finally {
                // No array that wraps the buffer outlives the call above.
                spareBuffers.offer(pixels);
            }
            data = preprocessing.normalise(data);
            NDArray label = batchManager.create(labels);
            return new Batch(
                    batchManager,
                    new NDList(data),
                    new NDList(label),
                    size,
                    Batchifier.STACK,
                    Batchifier.STACK,
                    number,
                    batchesPerEpoch(),
                    ids);
        } catch (RuntimeException | Error e) {
            batchManager.close();
            throw e;
        }
    }

    /**
     * One image as an evaluation batch holds it, made by the same code as the batches, with a
     * preprocessing: for predicting images one at a time (a DJL {@code Translator}, {@code nin
     * view}), so that an image gives the network the same input as it would in a batch.
     *
     * @param images the images
     * @param index which one
     * @param preprocessing how it becomes the input; augmentation, for training, is not applied
     * @param manager where the array lives
     * @return float32 of shape (C, resize, resize)
     */
    public static NDArray input(
            ImageSet images, int index, Preprocessing preprocessing, NDManager manager) {
        int resize = preprocessing.resize();
        checkSquare(images);
        ByteBuffer pixels = direct(images.perImage());
        images.copyScaled(index, pixels.asFloatBuffer(), new byte[images.perImage()]);
        NDArray one = tensor(manager, pixels, 1, images, resize);
        return preprocessing.normalise(one).reshape(images.channels(), resize, resize);
    }

    /**
     * A buffer for one batch's floats, native order, limited to {@code floats} of them: a spare one
     * of this loader's when there is one, else a new one of a full batch's size.
     */
    private ByteBuffer takeBuffer(int floats) {
        ByteBuffer buffer = spareBuffers.poll();
        if (buffer == null) {
            buffer = direct(Math.multiplyExact(batchSize, images.perImage()));
            buffersMade.incrementAndGet();
        }
        buffer.clear().limit(floats * Float.BYTES);
        return buffer;
    }

    /** The batch buffers made: one per batch being made at once, however many batches. */
    int buffersMade() {
        return buffersMade.get();
    }

    private static ByteBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(Math.multiplyExact(floats, Float.BYTES))
                .order(ByteOrder.nativeOrder());
    }

    /**
     * Scaled pixels of {@code size} images (floats in a direct buffer) as one (size, C, resize,
     * resize) array in {@code manager}, resized on the engine when {@code resize} is not the
     * images' side. The array owns its memory: the buffer can be written again when this returns.
     */
    private static NDArray tensor(
            NDManager manager, ByteBuffer pixels, int size, ImageSet images, int resize) {
        int channels = images.channels();
        int height = images.height();
        int width = images.width();
        // The source array wraps the buffer without copying, so it must not be closed while a
        // view of it is in use, and must not outlive this call: only a copy, or the resized
        // result, which owns its memory, leaves this scope.
        try (NDManager scratch = manager.newSubManager()) {
            NDArray data;
            if (resize == height && resize == width) {
                data =
                        scratch.create(
                                        pixels,
                                        new Shape(size, channels, height, width),
                                        DataType.FLOAT32)
                                .duplicate();
            } else {
                // (B·C, H, W, 1) is (B, C, H, W) in memory, and is the layout
                // NDImageUtils.resize expects: each channel becomes an image of its own, so no
                // transposition is needed and the result is contiguous NCHW.
                NDArray image =
                        scratch.create(
                                pixels,
                                new Shape(size * channels, height, width, 1),
                                DataType.FLOAT32);
                data =
                        NDImageUtils.resize(image, resize, resize, Image.Interpolation.BILINEAR)
                                .reshape(size, channels, resize, resize);
            }
            data.attach(manager);
            return data;
        }
    }

    /**
     * The images of a training batch cropped, flipped and resized at random as {@link
     * Preprocessing} says, one by one on the engine: (size, C, resize, resize).
     */
    private NDArray augmented(
            NDManager batchManager,
            ByteBuffer pixels,
            int[] indices,
            int from,
            int epoch,
            int size) {
        int channels = images.channels();
        int height = images.height();
        int width = images.width();
        int resize = preprocessing.resize();
        try (NDManager scratch = batchManager.newSubManager()) {
            NDArray all =
                    scratch.create(
                            pixels, new Shape(size, channels, height, width), DataType.FLOAT32);
            NDList crops = new NDList(size);
            for (int b = 0; b < size; b++) {
                RandomResizedCrop crop =
                        RandomResizedCrop.draw(
                                RandomResizedCrop.random(seed, epoch, indices[from + b]),
                                height,
                                width);
                NDArray cut =
                        all.get(
                                        new NDIndex(
                                                "{}, :, {}:{}, {}:{}",
                                                b,
                                                crop.top(),
                                                crop.top() + crop.height(),
                                                crop.left(),
                                                crop.left() + crop.width()))
                                .reshape(channels, crop.height(), crop.width(), 1);
                NDArray resized =
                        NDImageUtils.resize(cut, resize, resize, Image.Interpolation.BILINEAR)
                                .reshape(1, channels, resize, resize);
                crops.add(crop.flip() ? resized.flip(3) : resized);
            }
            NDArray data = NDArrays.concat(crops);
            data.attach(batchManager);
            return data;
        }
    }

    private static void checkSquare(ImageSet images) {
        if (images.height() != images.width()) {
            throw new IllegalArgumentException(
                    "batches need square images, got " + images.height() + "x" + images.width());
        }
    }

    private static void checkEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be at least 0, got " + epoch);
        }
    }

    /** Builds a {@link BatchLoader}. */
    public static final class Builder {
        private ImageSet images;
        private NDManager manager;
        private int batchSize = 128;
        private int resize = 224;
        private Preprocessing preprocessing;
        private boolean shuffle;
        private long seed;
        private boolean prefetch = true;
        private Device device;

        private Builder() {}

        /**
         * Sets the images to batch (required).
         *
         * @param images one split
         * @return this builder
         */
        public Builder setImages(ImageSet images) {
            this.images = images;
            return this;
        }

        /**
         * Sets the manager whose sub-managers hold the batches (required).
         *
         * @param manager the parent manager
         * @return this builder
         */
        public Builder setManager(NDManager manager) {
            this.manager = manager;
            return this;
        }

        /**
         * Sets the number of images per batch (default 128, the seed's).
         *
         * @param batchSize at least 1
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets how images become the input (default: {@link Preprocessing#plain} at {@link
         * #optResize}'s side); its side replaces {@link #optResize}'s.
         *
         * @param preprocessing the preprocessing; with augmentation on, batches are augmented
         * @return this builder
         */
        public Builder optPreprocessing(Preprocessing preprocessing) {
            this.preprocessing = preprocessing;
            return this;
        }

        /**
         * Sets the side images are resized to (default 224, the seed's); the images' own side means
         * no resizing.
         *
         * @param resize at least 1
         * @return this builder
         */
        public Builder optResize(int resize) {
            this.resize = resize;
            return this;
        }

        /**
         * Sets whether each epoch visits the images in a new random order (default false, for test
         * sets).
         *
         * @param shuffle true for training sets
         * @return this builder
         */
        public Builder optShuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /**
         * Sets the seed of the shuffles (default 0).
         *
         * @param seed any value
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets whether the next batch is made on a background thread (default true).
         *
         * @param prefetch false to make each batch when asked
         * @return this builder
         */
        public Builder optPrefetch(boolean prefetch) {
            this.prefetch = prefetch;
            return this;
        }

        /**
         * Sets the device the batches live on (default: the manager's).
         *
         * @param device the device
         * @return this builder
         */
        public Builder optDevice(Device device) {
            this.device = device;
            return this;
        }

        /**
         * Builds the loader.
         *
         * @return the loader, which holds a background thread until closed when prefetching
         * @throws IllegalArgumentException if a required value is missing
         * @throws InvalidInputException if the batch size or the resize is below 1 or there are no
         *     images
         */
        public BatchLoader build() {
            if (images == null) {
                throw new IllegalArgumentException("setImages is required");
            }
            if (manager == null) {
                throw new IllegalArgumentException("setManager is required");
            }
            if (images.size() == 0) {
                throw new InvalidInputException(
                        "there are no images to batch; use a limit of at least 1");
            }
            if (batchSize < 1) {
                throw new InvalidInputException("batch size must be at least 1, got " + batchSize);
            }
            if (resize < 1) {
                throw new InvalidInputException("resize must be at least 1 pixel, got " + resize);
            }
            checkSquare(images);
            return new BatchLoader(this);
        }
    }
}
