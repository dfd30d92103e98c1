/**
 * What a run records about the machine it ran on: the versions, the processor (model and family),
 * cores, memory, threads ({@link io.github.nin4j.machine.Environment}) and the C memory allocator
 * in use ({@link io.github.nin4j.machine.MemoryAllocator}).
 */
package io.github.nin4j.machine;
