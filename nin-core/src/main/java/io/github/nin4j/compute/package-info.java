/**
 * How to compute a NiN on this machine, and the one place that builds a runnable one.
 *
 * <p>A {@link io.github.nin4j.compute.ComputeChoice} says what the caller asks for; the engine
 * check turns it into a {@link io.github.nin4j.compute.ComputePlan} for one architecture and input
 * size; {@link io.github.nin4j.compute.NinModel} builds the network from an architecture, an input
 * shape and a plan.
 */
package io.github.nin4j.compute;
