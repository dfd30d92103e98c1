package io.github.nin4j.precision;

import io.github.nin4j.model.BlockSpec;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.model.NinBlock;
import io.github.nin4j.model.NinBlockFactory;
import io.github.nin4j.model.ReleasingSequentialBlock;

/** Makes bf16 NiN blocks, and the sequence that computes a whole bf16 network in one call. */
final class Bf16BlockFactory implements NinBlockFactory {

    @Override
    public NinBlock newBlock(int inChannels, BlockSpec spec, int pointwise) {
        return new Bf16NinBlock(inChannels, spec, pointwise);
    }

    @Override
    public ReleasingSequentialBlock newSequence(NinArchitecture architecture) {
        return new Bf16Sequence(architecture);
    }
}
