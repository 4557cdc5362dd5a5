/** Spangeo's Spark stages, conversions, sample data, plots and the {@code spangeo} command. */
package org.spangeo.jobs;
