/**
 * Whether the engine computes the right numbers on this machine, and what to do when it does not.
 *
 * <p>{@link io.github.nin4j.engine.EngineCheck} computes the configured network's forward and
 * backward pass, and each of its convolutions alone, in float32 through the normal path and in
 * float64 through kernels that oneDNN does not serve, and compares them. When the default NCHW
 * layout comes out wrong (as libtorch 2.7.1's oneDNN 3.7.1 does on AMD Zen 5, see {@code
 * docs/notes/engine-fault-zen5.md}), it tries channels-last and checks again; bf16 is checked block
 * by block with its own tolerances ({@code io.github.nin4j.precision.Precision}). The units it
 * checks come from the network's walk ({@code NinNetwork.walk}). Its {@link
 * io.github.nin4j.engine.EngineVerdict} goes into every run's manifest and every benchmark's JSON,
 * and {@code io.github.nin4j.compute.ComputePlan} turns it into the plan networks are built with.
 */
package io.github.nin4j.engine;
