# What `gradewalk trend` does to the benchmark input, in data.table: the
# steps of each subject and area in date order, each with its direction
# and the probability that the later grade stands higher (the two
# positions uniform in their bands on the default crosswalk,
# independently).
#
# Usage: Rscript trend.R INPUT LEVELS ERAS OUTPUT
a <- commandArgs(trailingOnly = TRUE)
source(file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(), value = TRUE))), "resolve.R"))
obs <- read_resolved(a[1], a[2], a[3])
setorder(obs, subject, area, date) # stable, in C locale order
obs[, `:=`(lo = as.numeric(band_lo), hi = as.numeric(band_hi))]
steps <- obs[, {
  n <- .N
  if (n < 2) NULL else {
    f <- seq_len(n - 1)
    t <- f + 1
    list(from_date = date[f], from_scale = scale[f], from_grade = label[f], from_rank = rank[f],
         from_lo = lo[f], from_hi = hi[f],
         to_date = date[t], to_scale = scale[t], to_grade = label[t], to_rank = rank[t],
         to_lo = lo[t], to_hi = hi[t])
  }
}, by = .(subject, area)]

# The integral of P(earlier <= y) from -Inf to y.
below <- function(y, a, b) (pmin(pmax(y, a), b) - a)^2 / (2 * (b - a)) + pmax(y - b, 0)
steps[, p_improved := fifelse(to_lo >= from_hi, 1, fifelse(to_hi <= from_lo, 0,
  (below(to_hi, from_lo, from_hi) - below(to_lo, from_lo, from_hi)) / (to_hi - to_lo)))]
steps[, direction := fifelse(from_scale == to_scale & from_rank == to_rank, "unchanged",
  fifelse(to_lo >= from_hi, "improved", fifelse(to_hi <= from_lo, "declined", "uncertain")))]
steps[, p_improved := signif(p_improved, 12)]
fwrite(steps[, .(subject, area, from_date, from_scale, from_grade, to_date, to_scale, to_grade, direction, p_improved)], a[4])
