/**
 * How to compute a NiN on this machine, and the one place that builds a runnable one.
 *
 * <p>A {@link io.github.nin4j.compute.ComputeChoice} says what the caller asks for (device, how the
 * convolutions' layout and the blocks' precision are chosen); the engine check turns it into a
 * {@link io.github.nin4j.compute.ComputePlan} (device, layout, precision, and the verdict behind
 * them) for one architecture and input size. {@link io.github.nin4j.compute.NinModel} builds,
 * initialises or loads a DJL {@code Model} of the network from an architecture, an input shape and
 * a plan: training, evaluation, prediction, the benchmark, import and the memory probe all build
 * their network there.
 */
package io.github.nin4j.compute;
