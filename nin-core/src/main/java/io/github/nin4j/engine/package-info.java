/**
 * Whether the engine computes the right numbers on this machine, and what to do when it does not.
 *
 * <p>{@link io.github.nin4j.engine.EngineCheck} compares the network, and each of its units alone,
 * against float64, and falls back to another layout or precision where the first is wrong (as
 * libtorch 2.7.1's oneDNN 3.7.1 computes NCHW on AMD Zen 5, see {@code
 * docs/notes/engine-fault-zen5.md}). Its {@link io.github.nin4j.engine.EngineVerdict} goes into
 * every run's manifest and every benchmark's JSON, and {@code io.github.nin4j.compute.ComputePlan}
 * turns it into the plan networks are built with.
 */
package io.github.nin4j.engine;
