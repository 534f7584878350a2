# What `gradewalk normalize` does to the benchmark input, in data.table.
#
# Usage: Rscript normalize.R INPUT LEVELS ERAS OUTPUT
a <- commandArgs(trailingOnly = TRUE)
source(file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(), value = TRUE))), "resolve.R"))
obs <- read_resolved(a[1], a[2], a[3])
cols <- c(attr(obs, "input_columns"), "label", "rank", "band_lo", "band_hi", "score")
fwrite(obs[, ..cols], a[4])
