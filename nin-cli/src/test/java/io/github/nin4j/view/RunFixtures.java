package io.github.nin4j.view;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nin4j.model.BlockSpec;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.train.EpochMetrics;
import io.github.nin4j.train.Manifest;
import io.github.nin4j.train.OnPlateau;
import io.github.nin4j.train.ProgressPoint;
import io.github.nin4j.train.RunDirectory;
import io.github.nin4j.train.RunEvent;
import io.github.nin4j.train.TrainingConfig;
import io.github.nin4j.train.TrainingHistory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Run directories written by hand, as a training run leaves them, for the view's tests. */
final class RunFixtures {

    /** A network that trains in a second on 28-pixel images. */
    static final NinArchitecture SMALL =
            NinArchitecture.builder()
                    .optBlocks(List.of(BlockSpec.parse("16:5:1:2"), BlockSpec.parse("10:3:1:1")))
                    .build();

    static final HttpClient HTTP = HttpClient.newHttpClient();

    private RunFixtures() {}

    static TrainingConfig config(int epochs, int seed) {
        return new TrainingConfig(SMALL, epochs, 0.1, 64, 28, 0, seed, OnPlateau.RESTART);
    }

    /**
     * A run directory with a manifest and the history of some epochs, whose test accuracy is {@code
     * base + epoch / 10}.
     */
    static RunDirectory run(Path dir, int planned, int done, double base) throws IOException {
        RunDirectory run = RunDirectory.create(dir);
        Manifest manifest =
                Manifest.begin(config(planned, 1), Map.of("origin", "generated"), "cpu()")
                        .with(new RunEvent.Restarted(1, 2, 1));
        run.writeManifest(done == planned ? manifest.ended("completed", "now") : manifest);
        new ObjectMapper().writeValue(dir.resolve("history.json").toFile(), history(done, base));
        return run;
    }

    static TrainingHistory history(int epochs, double base) {
        List<EpochMetrics> rows = new ArrayList<>();
        List<ProgressPoint> points = new ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            for (int i = 1; i <= 5; i++) {
                points.add(new ProgressPoint(e - 1 + i / 5.0, 2.3 - e * 0.1, 0.1 + e * 0.05));
            }
            rows.add(
                    new EpochMetrics(
                            e, 2.3 - e * 0.1, 0.1 + e * 0.05, base + e / 10.0, 500, 1, 0.1));
        }
        return new TrainingHistory(rows, points);
    }

    static HttpResponse<String> get(URI base, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(base.resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
