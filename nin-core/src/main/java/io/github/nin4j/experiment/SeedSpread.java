package io.github.nin4j.experiment;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.DoubleStream;

/**
 * A curve's value at one point over a variant's seeds: their mean, lowest and highest. As JSON it
 * is a row {@code [epoch, mean, min, max]}.
 *
 * @param epoch where on the curve, in (fractional) epochs
 * @param mean the mean over the runs that reached the point
 * @param min the lowest of them
 * @param max the highest of them
 */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
public record SeedSpread(double epoch, double mean, double min, double max) {

    /**
     * A curve over several runs, point by point: the runs' i-th points make the i-th row, and a
     * point is taken over the runs that reached it, so runs of unequal length (one still training)
     * give a curve as long as the longest.
     *
     * @param runs each run's curve, in order
     * @param epoch a point's epoch
     * @param value a point's value
     * @param <T> a point's type
     * @return one row per point of the longest run
     */
    public static <T> List<SeedSpread> over(
            List<? extends List<? extends T>> runs,
            ToDoubleFunction<? super T> epoch,
            ToDoubleFunction<? super T> value) {
        List<SeedSpread> rows = new ArrayList<>();
        for (int i = 0; ; i++) {
            int index = i;
            List<? extends T> reached =
                    runs.stream().filter(r -> index < r.size()).map(r -> r.get(index)).toList();
            if (reached.isEmpty()) {
                return rows;
            }
            double[] values = reached.stream().mapToDouble(value).toArray();
            rows.add(
                    new SeedSpread(
                            epoch.applyAsDouble(reached.get(0)),
                            DoubleStream.of(values).average().orElseThrow(),
                            DoubleStream.of(values).min().orElseThrow(),
                            DoubleStream.of(values).max().orElseThrow()));
        }
    }
}
