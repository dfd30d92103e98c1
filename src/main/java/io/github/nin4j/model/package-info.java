/**
 * NiN blocks and models (Lin, Chen and Yan, "Network In Network", 2013; Dive into Deep Learning,
 * section "Network in Network (NiN)").
 *
 * <p>{@link io.github.nin4j.model.NinArchitecture} describes a network and builds it as DJL blocks;
 * its defaults are the seed lecture's network. Initialisation follows d2l's {@code train_ch6}, not
 * DJL's defaults: see {@link io.github.nin4j.model.TorchInitialization}.
 */
package io.github.nin4j.model;
