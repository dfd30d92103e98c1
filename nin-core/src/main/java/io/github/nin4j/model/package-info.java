/**
 * NiN blocks and models (Lin, Chen and Yan, "Network In Network", 2013; Dive into Deep Learning,
 * section "Network in Network (NiN)").
 *
 * <p>{@link io.github.nin4j.model.NinArchitecture} describes a network and builds it as DJL blocks;
 * its defaults are the seed lecture's network, and it also describes the chapter exercises'
 * variants: other numbers of 1×1 convolutions per block, and AlexNet's fully-connected layers in
 * place of the global pooling ({@link io.github.nin4j.model.Head}). Initialisation follows d2l's
 * {@code train_ch6}, not DJL's defaults: see {@link io.github.nin4j.model.TorchInitialization}.
 */
package io.github.nin4j.model;
