package io.github.nin4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.nin4j.data.FashionMnist;
import io.github.nin4j.data.LearnableImages;
import io.github.nin4j.model.BlockSpec;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.train.listener.RunListeners;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A program that embeds the library trains on a thread of its own (a service's worker, an
 * executor). PyTorch keeps autograd's switch per thread and starts each new thread with it on,
 * where DJL expects it off; the engine check's in-place writes to parameters then failed.
 */
class TrainingThreadTest {

    @TempDir Path dir;

    @Test
    void aRunTrainsOnAThreadOtherThanTheOneThatStartedTheEngine() throws Exception {
        NinArchitecture small =
                NinArchitecture.builder()
                        .optBlocks(
                                List.of(
                                        new BlockSpec(8, 3, 1, 1),
                                        new BlockSpec(16, 3, 1, 1),
                                        new BlockSpec(10, 3, 1, 1)))
                        .build();
        FashionMnist data = LearnableImages.data(256, 64);
        // The engine starts here, on the test's thread, as in a program whose main thread used
        // DJL before handing training to a worker.
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThat(manager.ones(new Shape(1)).getFloat()).isEqualTo(1f);
        }
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try {
            Future<TrainingResult> result =
                    worker.submit(
                            () -> {
                                RunDirectory run = RunDirectory.create(dir.resolve("run"));
                                return TrainingLoop.builder()
                                        .setConfig(
                                                new TrainingConfig(
                                                        small,
                                                        1,
                                                        0.1,
                                                        64,
                                                        28,
                                                        0,
                                                        7,
                                                        OnPlateau.WARN))
                                        .setData(data)
                                        .setRunDirectory(run)
                                        .addListeners(RunListeners.standard(run))
                                        .build()
                                        .run();
                            });
            TrainingResult trained = result.get(120, TimeUnit.SECONDS);
            assertThat(trained.status()).isEqualTo(TrainingStatus.COMPLETED);
            assertThat(trained.history().epochs()).hasSize(1);
        } finally {
            worker.shutdownNow();
        }
    }
}
