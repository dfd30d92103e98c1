package io.github.nin4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nin4j.base.AtomicFile;
import io.github.nin4j.torch.TorchEngineAdapter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Where the engine's time goes, operator by operator, from PyTorch's own profiler (the one behind
 * {@code torch.profiler}), which DJL's PyTorch engine exposes. Work is recorded into a Chrome trace
 * (open it in {@code chrome://tracing} or Perfetto), then summarised by self time: each operator's
 * time minus that of the operators it called, so that nothing is counted twice. Operators run by
 * the autograd engine form the backward phase; input shapes tell the layers apart.
 */
public final class EngineProfile {

    private static final String BACKWARD_MARK = "autograd::engine::evaluate_function";

    /**
     * The summed self time of one operator on inputs of one shape, in one phase.
     *
     * @param phase {@code forward} or {@code backward}
     * @param name the operator, such as {@code aten::mkldnn_convolution}
     * @param shapes its input shapes, such as {@code 128x96x54x54, 96x96x1x1, 96}
     * @param calls how many times it ran
     * @param milliseconds its self time, summed over the calls
     */
    public record Operator(
            String phase, String name, String shapes, int calls, double milliseconds) {}

    private final List<Operator> operators;

    private EngineProfile(List<Operator> operators) {
        this.operators = operators;
    }

    /**
     * Runs work under the engine's profiler and writes its trace.
     *
     * @param trace where the Chrome trace goes (written atomically)
     * @param work what to profile
     * @return the profile
     * @throws IOException if the trace cannot be written or read back
     */
    public static EngineProfile record(Path trace, Runnable work) throws IOException {
        try (AtomicFile file = AtomicFile.create(trace)) {
            TorchEngineAdapter.startProfile();
            try {
                work.run();
            } finally {
                TorchEngineAdapter.stopProfile(file.temporary());
            }
            EngineProfile profile = read(file.temporary());
            file.commit();
            return profile;
        }
    }

    /**
     * Reads a Chrome trace written by PyTorch's profiler.
     *
     * @param trace the trace file: a JSON array of events, or an object with {@code traceEvents}
     * @return the profile
     * @throws IOException if the file cannot be read or is not such a trace
     */
    public static EngineProfile read(Path trace) throws IOException {
        JsonNode root = new ObjectMapper().readTree(trace.toFile());
        JsonNode events = root.isArray() ? root : root.path("traceEvents");
        if (!events.isArray()) {
            throw new IOException(trace + " is not a Chrome trace: no array of events");
        }
        List<Event> complete = new ArrayList<>();
        for (JsonNode e : events) {
            if ("X".equals(e.path("ph").asText())) {
                complete.add(
                        new Event(
                                e.path("name").asText(),
                                e.path("tid").asText(),
                                e.path("ts").asDouble(),
                                e.path("dur").asDouble(),
                                shapes(e.path("shape"))));
            }
        }
        return new EngineProfile(summarise(complete));
    }

    /**
     * The operators, most self time first.
     *
     * @return one row per phase, operator and input shapes
     */
    public List<Operator> operators() {
        return operators;
    }

    /**
     * The self time of all operators together: the time the engine spent computing.
     *
     * @return milliseconds
     */
    public double totalMilliseconds() {
        return operators.stream().mapToDouble(Operator::milliseconds).sum();
    }

    private static List<Operator> summarise(List<Event> events) {
        events.sort(
                Comparator.comparing((Event e) -> e.thread)
                        .thenComparingDouble(e -> e.start)
                        .thenComparing(
                                Comparator.comparingDouble((Event e) -> e.duration).reversed()));
        Deque<Event> open = new ArrayDeque<>();
        for (Event event : events) {
            while (!open.isEmpty()
                    && (!open.peek().thread.equals(event.thread)
                            || open.peek().end() <= event.start)) {
                open.pop();
            }
            Event parent = open.peek();
            if (parent != null) {
                parent.childTime += event.duration;
                event.backward = parent.backward;
            }
            event.backward |= event.name.startsWith(BACKWARD_MARK);
            open.push(event);
        }
        Map<List<String>, Operator> totals = new LinkedHashMap<>();
        for (Event event : events) {
            String phase = event.backward ? "backward" : "forward";
            double self = Math.max(0, event.duration - event.childTime) / 1000;
            totals.merge(
                    List.of(phase, event.name, event.shapes),
                    new Operator(phase, event.name, event.shapes, 1, self),
                    (a, b) ->
                            new Operator(
                                    a.phase(),
                                    a.name(),
                                    a.shapes(),
                                    a.calls() + 1,
                                    a.milliseconds() + b.milliseconds()));
        }
        return totals.values().stream()
                .sorted(Comparator.comparingDouble(Operator::milliseconds).reversed())
                .toList();
    }

    private static String shapes(JsonNode shape) {
        StringJoiner all = new StringJoiner(", ");
        for (JsonNode dims : shape) {
            if (dims.isArray() && !dims.isEmpty()) {
                StringJoiner one = new StringJoiner("x");
                dims.forEach(d -> one.add(d.asText()));
                all.add(one.toString());
            }
        }
        return all.toString();
    }

    /** One complete ("X") event of the trace. */
    private static final class Event {
        final String name;
        final String thread;
        final double start;
        final double duration;
        final String shapes;
        double childTime;
        boolean backward;

        Event(String name, String thread, double start, double duration, String shapes) {
            this.name = name;
            this.thread = thread;
            this.start = start;
            this.duration = duration;
            this.shapes = shapes;
        }

        double end() {
            return start + duration;
        }
    }
}
