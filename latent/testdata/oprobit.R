# Reference numbers for TestAgreementWithR (latent/reference_test.go): one
# scale, one date, many subjects each graded once, counts 80, 270, 480 and
# 170 of four levels, worst first. Under the latent model each grade is
# z ~ N(μ, σ² + 1) cut at τ, so the data place only the standardised cut
# points α = (τ - μ)/√(σ² + 1), and with the cut points flat in units of
# the spread their posterior is the flat-prior posterior of an ordered
# probit with an intercept: ordinal::clm (maximum likelihood) and
# MCMCpack::MCMCoprobit (flat priors, Cowles's Metropolis step).
#
# Run: Rscript latent/testdata/oprobit.R
suppressMessages({library(ordinal); library(MCMCpack)})
counts <- c(80, 270, 480, 170)
y <- factor(rep(1:4, counts), levels = 1:4, ordered = TRUE)
d <- data.frame(y = y)

fit <- clm(y ~ 1, data = d, link = "probit")
cat("clm thresholds:", sprintf("%.6f", coef(fit)), "\n")
cat("clm se:        ", sprintf("%.6f", sqrt(diag(vcov(fit)))), "\n")

set.seed(20140929)
post <- MCMCoprobit(as.integer(y) ~ 1, data = d, burnin = 5000, mcmc = 200000,
                    tune = 0.3, b0 = 0, B0 = 0, verbose = 0)
# MCMCoprobit fixes the first cut point at 0 and estimates the intercept:
# P(y <= l) = Phi(gamma_l - beta0).
beta0 <- post[, "(Intercept)"]
alpha <- cbind(-beta0, post[, "gamma2"] - beta0, post[, "gamma3"] - beta0)
cat("MCMCoprobit mean:", sprintf("%.6f", colMeans(alpha)), "\n")
cat("MCMCoprobit sd:  ", sprintf("%.6f", apply(alpha, 2, sd)), "\n")
cat("MCMCoprobit ESS: ", sprintf("%.0f", coda::effectiveSize(coda::mcmc(alpha))), "\n")
