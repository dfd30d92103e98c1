package io.github.nin4j;

import ai.djl.Device;
import io.github.nin4j.data.DataSource;
import io.github.nin4j.data.FashionMnist;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.train.EpochMetrics;
import io.github.nin4j.train.EpochResult;
import io.github.nin4j.train.OnPlateau;
import io.github.nin4j.train.RunControl;
import io.github.nin4j.train.RunDirectory;
import io.github.nin4j.train.RunListener;
import io.github.nin4j.train.TrainedModel;
import io.github.nin4j.train.TrainingConfig;
import io.github.nin4j.train.TrainingLoop;
import io.github.nin4j.train.TrainingResult;
import io.github.nin4j.train.listener.RunListeners;
import java.nio.file.Path;
import java.util.List;

/** The README's example of NiN for Java as a library; {@code LibraryExampleTest} runs it. */
final class LibraryExample {

    private LibraryExample() {}

    static TrainingResult trainAndLoad(Path dataDir, Path runDir, int limit) {
        // [readme]
        FashionMnist data = FashionMnist.load(DataSource.of(dataDir, "directory " + dataDir));
        // The lecture's network and recipe at 96 px, one epoch on `limit` examples per split.
        TrainingConfig config =
                new TrainingConfig(
                        NinArchitecture.seed(), 1, 0.1, 128, 96, limit, 1, OnPlateau.RESTART);
        RunListener progress =
                new RunListener() {
                    @Override
                    public void onEpoch(EpochResult epoch, RunControl control) {
                        EpochMetrics m = epoch.metrics();
                        System.out.printf("epoch %d: test acc %.3f%n", m.epoch(), m.testAccuracy());
                    }
                };
        // Checks the engine, then trains. The standard listeners (opt-in, as DJL's defaults) write
        // the manifest, checkpoints, history and curves as nin train does.
        RunDirectory run = RunDirectory.create(runDir);
        TrainingResult result =
                TrainingLoop.builder()
                        .setConfig(config)
                        .setData(data)
                        .setRunDirectory(run)
                        .addListeners(RunListeners.standard(run))
                        .addListeners(progress)
                        .build()
                        .run();
        try (TrainedModel model = TrainedModel.load(run, Device.cpu())) {
            List<String> classes = model.manifest().classNames(); // "t-shirt" ... "ankle boot"
            // model.logits(images) computes in evaluation mode, after the engine check
        }
        // [/readme]
        return result;
    }
}
