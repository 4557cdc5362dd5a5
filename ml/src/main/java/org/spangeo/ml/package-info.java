/**
 * Spangeo's machine learning on Spark: patches with xbatcher's semantics ({@code patches}),
 * DJL/PyTorch training ({@code train}), distributed inference stitched back on the grid
 * ({@code inference}) and xskillscore-style verification ({@code scores}).
 */
package org.spangeo.ml;
