# The catalogue's grouped counts with data.table, from the cohort rows already joined and each indicator's denominator
# and numerator already evaluated (0/1 columns d0, n0, d1, n1, ... written by `Maternity.Bench pipeline`): for every
# grouping set the product computes (LMNS, provider and site x month, LMNS and provider x month x each breakdown), the sum
# of every flag. Prints the seconds of the grouping alone (reading the files is timed apart) and the counts with a
# denominator above zero, which must equal the product's number of counts.
suppressMessages(library(data.table))
setDTthreads(0)
files <- commandArgs(trailingOnly = TRUE)
read_start <- Sys.time()
cohorts <- lapply(files, function(f) fread(f, na.strings = ""))
read_seconds <- as.numeric(difftime(Sys.time(), read_start, units = "secs"))
start <- Sys.time()
counts <- 0
for (dt in cohorts) {
  flags <- grep("^[dn][0-9]+$", names(dt), value = TRUE)
  dens <- grep("^d[0-9]+$", names(dt), value = TRUE)
  splits <- grep("^g_", names(dt), value = TRUE)
  sets <- c(list(c("lmns_code", "period_start"), c("lmns_code", "org_code", "period_start"),
                 c("lmns_code", "org_code", "site_key", "period_start")),
            lapply(splits, function(g) c("lmns_code", "period_start", g)),
            lapply(splits, function(g) c("lmns_code", "org_code", "period_start", g)))
  for (keys in sets) {
    g <- dt[, lapply(.SD, sum), by = keys, .SDcols = flags]
    counts <- counts + sum(sapply(dens, function(d) sum(g[[d]] > 0)))
  }
}
seconds <- as.numeric(difftime(Sys.time(), start, units = "secs"))
cat(sprintf("data.table %s: grouping %.2f s (reading %.2f s), %d counts\n", packageVersion("data.table"), seconds, read_seconds, counts))
