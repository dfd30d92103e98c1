/**
 * NiN blocks and models (Lin, Chen and Yan, "Network In Network", 2013; Dive into Deep Learning,
 * section "Network in Network (NiN)").
 *
 * <p>{@link io.github.nin4j.model.NinArchitecture} describes a network and builds it as DJL blocks;
 * its defaults are the seed lecture's network, and it also describes the chapter exercises'
 * variants: other numbers of 1×1 convolutions per block, and AlexNet's fully-connected layers in
 * place of the global pooling ({@link io.github.nin4j.model.Head}). Initialisation follows d2l's
 * {@code train_ch6}, not DJL's defaults: see {@link io.github.nin4j.model.TorchInitialization}.
 *
 * <p>How a network's NiN blocks compute is chosen when they are built ({@link
 * io.github.nin4j.model.NinBlockFactory}). Its geometry comes from one walk of the built blocks
 * ({@link io.github.nin4j.model.NinNetwork#walk}, {@link
 * io.github.nin4j.model.NinNetwork#torchParameters}): output shapes, the smallest input, PyTorch's
 * {@code state_dict} keys and the engine check's units. This differs from DJL's model zoo {@code
 * NiN}, which is a fixed block for ImageNet-sized inputs with DJL's initialisers.
 */
package io.github.nin4j.model;
