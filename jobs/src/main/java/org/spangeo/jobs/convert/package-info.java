/**
 * Pure-Java readers for gridded input files, the input side of {@code spangeo convert}:
 * NetCDF-3 (classic CDF-1, 64-bit offset CDF-2, 64-bit data CDF-5), parsed here from the
 * format specification, and NetCDF-4 (HDF5), read with jHDF. {@link
 * org.spangeo.jobs.convert.GriddedFile#open(String)} picks the reader by the file's magic bytes.
 */
package org.spangeo.jobs.convert;
