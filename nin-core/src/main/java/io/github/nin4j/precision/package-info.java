/**
 * Computing the network in bfloat16 while DJL only ever holds float32 arrays.
 *
 * <p>DJL's PyTorch engine cannot create or convert bfloat16 arrays (converting one aborts the JVM).
 * The bf16 computation therefore runs inside a TorchScript operation, made by {@code
 * bench/make_bf16_ops.py} and shipped as a resource: it takes a NiN block's float32 input and
 * float32 parameters, casts them to bfloat16 inside, and returns float32. Autograd records the
 * casts, so DJL's {@code GradientCollector} gets float32 gradients for the input and for the
 * parameters, which stay DJL's own float32 master copies.
 *
 * <p>A precision is chosen when the blocks are built: {@link
 * io.github.nin4j.precision.Precision#blocks} makes float32 {@code NinBlock}s or {@link
 * io.github.nin4j.precision.Bf16NinBlock}s, which hold the same parameters under the same names.
 * Each {@link io.github.nin4j.precision.Precision} carries what the engine check ({@code
 * io.github.nin4j.engine.EngineCheck}) needs to judge it against float64: the unit it checks alone
 * and its tolerances. {@link io.github.nin4j.precision.PrecisionChoice} says how a run picks its
 * precision.
 */
package io.github.nin4j.precision;
