/**
 * Computing the network in bfloat16 while DJL only ever holds float32 arrays.
 *
 * <p>DJL's PyTorch engine cannot create or convert bfloat16 arrays (converting one aborts the JVM).
 * The bf16 computation therefore runs inside TorchScript operations, made by {@code
 * generators/make_bf16_ops.py} and shipped as resources: {@link
 * io.github.nin4j.precision.Bf16NetworkOperation} computes the whole network from the float32 image
 * to float32 logits in one call, {@link io.github.nin4j.precision.Bf16BlockOperation} one NiN
 * block; both take DJL's float32 parameters and cast them to bfloat16 inside. Autograd records the
 * casts, so DJL's {@code GradientCollector} gets float32 gradients for the parameters, which stay
 * DJL's own float32 master copies.
 *
 * <p>A {@link io.github.nin4j.precision.Precision} is chosen when the blocks are built, and {@link
 * io.github.nin4j.precision.PrecisionChoice} says how a run picks it.
 */
package io.github.nin4j.precision;
