package io.github.nin4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkWalkTest {

    @Test
    void theWalkGivesTheSeedsShapesWithoutInitialising() {
        NinNetwork net = NinArchitecture.seed().newNetwork();
        List<String> shapes =
                net.walk(new Shape(1, 1, 224, 224)).stream()
                        .map(p -> p.index() + " " + p.input() + " -> " + p.output())
                        .toList();
        // The lecture's table, with each layer's input beside its output.
        assertThat(shapes)
                .containsExactly(
                        "0 (1, 1, 224, 224) -> (1, 96, 54, 54)",
                        "1 (1, 96, 54, 54) -> (1, 96, 26, 26)",
                        "2 (1, 96, 26, 26) -> (1, 256, 26, 26)",
                        "3 (1, 256, 26, 26) -> (1, 256, 12, 12)",
                        "4 (1, 256, 12, 12) -> (1, 384, 12, 12)",
                        "5 (1, 384, 12, 12) -> (1, 384, 5, 5)",
                        "6 (1, 384, 5, 5) -> (1, 384, 5, 5)",
                        "7 (1, 384, 5, 5) -> (1, 10, 5, 5)",
                        "8 (1, 10, 5, 5) -> (1, 10, 1, 1)",
                        "9 (1, 10, 1, 1) -> (1, 10)");
    }

    @Test
    void theWalkStopsAtTheFirstLayerWithNothingLeft() {
        NinNetwork net = NinArchitecture.seed().newNetwork();
        // 66 pixels: block 1 gives 14, the pools 6, then 2, and the third pool floor((2-3)/2)+1 =
        // 0.
        List<NinNetwork.PlacedLayer> placed = net.walk(new Shape(1, 1, 66, 66));
        assertThat(placed).hasSize(6);
        assertThat(placed.get(5).output()).isEqualTo(new Shape(1, 384, 0, 0));
        assertThat(placed.get(5).fits()).isFalse();
        // An input smaller than the first kernel is empty at once (DJL's truncating division would
        // have called it 1 pixel wide).
        assertThat(net.walk(new Shape(1, 1, 10, 10)).get(0).output())
                .isEqualTo(new Shape(1, 96, 0, 0));
    }

    @Test
    void theSmallestInputFoundByBisectionIsTheSmallestThatFits() {
        List<NinArchitecture> architectures =
                List.of(
                        NinArchitecture.seed(),
                        NinArchitecture.builder().optHead(Head.FULLY_CONNECTED).build(),
                        NinArchitecture.builder()
                                .optBlocks(
                                        List.of(
                                                new BlockSpec(8, 3, 1, 1),
                                                new BlockSpec(8, 5, 2, 0),
                                                new BlockSpec(4, 2, 3, 0)))
                                .build());
        for (NinArchitecture architecture : architectures) {
            NinNetwork net = architecture.newNetwork();
            int scanned = 1;
            while (!net.accepts(scanned, scanned)) {
                scanned++;
            }
            assertThat(net.minimumInputSide()).as(architecture.toString()).isEqualTo(scanned);
            assertThat(architecture.accepts(scanned - 1)).isFalse();
        }
        assertThat(NinArchitecture.seed().minimumInputSide()).isEqualTo(67);
    }
}
