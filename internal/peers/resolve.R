# The reading shared by normalize.R and trend.R: what gradewalk's reader
# does to the benchmark input, in data.table.
suppressPackageStartupMessages(library(data.table))

# read_resolved returns the input, with a family in the scale column
# replaced by the scale in force on the row's date, and the label, rank,
# band and score of each grade (found case-insensitively), as text. Rows
# that cannot be resolved are counted on standard error, as gradewalk
# reports them, and left out. Its attribute "input_columns" names the
# input's columns.
read_resolved <- function(src, levels_path, eras_path) {
  obs <- fread(src, colClasses = "character", na.strings = NULL)
  levels <- fread(levels_path, colClasses = "character", na.strings = NULL)
  eras <- fread(eras_path, colClasses = "character", na.strings = NULL)
  columns <- copy(names(obs)) # names() of a data.table changes with it

  bad <- logical(nrow(obs))
  for (f in unique(eras$family)) {
    rows <- which(obs$scale == f)
    if (length(rows) == 0) next
    e <- eras[family == f][order(from)]
    start <- as.integer(as.IDate(e$from))
    until <- as.integer(as.IDate(ifelse(e$until == "", "9999-12-31", e$until)))
    day <- as.integer(as.IDate(obs$date[rows], format = "%Y-%m-%d"))
    i <- findInterval(day, start)
    ok <- !is.na(day) & i > 0
    ok[ok] <- day[ok] <= until[i[ok]]
    set(obs, rows[ok], "scale", e$scale[i[ok]])
    bad[rows[!ok]] <- TRUE
  }

  obs[, key := tolower(grade)]
  joined <- levels[obs, on = .(scale, key)]
  unknown <- is.na(joined$label) | bad
  if (any(unknown)) message(sprintf("%d rows not read", sum(unknown)))
  joined <- joined[!unknown]
  setattr(joined, "input_columns", columns)
  joined
}
