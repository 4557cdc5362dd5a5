/**
 * The end-to-end pipeline ({@code spangeo pipeline --config conf/pipeline.yaml}): named steps,
 * each a spangeo command with its options, run in order in one Spark session, rerun-safe.
 */
package org.spangeo.jobs.pipeline;
