/**
 * {@code spangeo sample-data}: a synthetic, ERA5-like archive for the 10-40N 100-140E box, one
 * Zarr store per year, generated chunk by chunk in Spark tasks. {@link SampleGrid} is the plan
 * (grid, time axis, chunks), {@link Coastline} the invented land/sea pattern, {@link Noise} the
 * seeded hash noise, {@link Weather} the fields, {@link SampleData} the Spark job and the writes.
 */
package org.spangeo.jobs.sample;
