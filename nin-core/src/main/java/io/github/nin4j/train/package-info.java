/**
 * Training and evaluation after d2l's {@code train_ch6} (Dive into Deep Learning, section "Network
 * in Network (NiN)", which trains with the chapter 6 loop): plain SGD on softmax cross-entropy,
 * per-epoch metrics with d2l's definitions, checkpoints in a run directory, and the detector for
 * NiN's known failure (training stuck at chance).
 */
package io.github.nin4j.train;
