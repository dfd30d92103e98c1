/**
 * Running an experiment's cells on a batch scheduler: {@link
 * io.github.nin4j.cluster.SlurmSubmission} submits them as one Slurm array job with a dependent
 * report job, {@link io.github.nin4j.cluster.StagedApplication} copies the application into the
 * experiment's shared directory so that compute nodes build and fetch nothing, and {@link
 * io.github.nin4j.cluster.SchedulerTask} is a running task's view of its scheduler (its index, its
 * restarts, and requeueing itself).
 */
package io.github.nin4j.cluster;
