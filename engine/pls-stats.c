/* pls-stats.c — the distributions behind the T² and Q limits: the normal quantile, the regularised
 * incomplete beta and gamma functions and their inverses, F and chi-square quantiles. Our own code so the
 * engine needs no statistics library; accurate to about 1e-13 relative over the ranges limits use. */
#include "cw-chemo-private.h"

#include <assert.h>
#include <float.h>
#include <math.h>

#define CF_MAX_ITER 10000
#define CF_EPS 1e-16
#define TINY 1e-300

/* Wichura (1988), algorithm AS 241 (PPND16): about 1e-16 relative. */
double
cw_normal_quantile (double p)
{
  assert (p > 0 && p < 1);
  double q = p - 0.5, r, x;
  if (fabs (q) <= 0.425)
    {
      r = 0.180625 - q * q;
      return q * (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r
                      + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r
                   + 133.14166789178437745) * r + 3.387132872796366608)
             / (((((((5226.495278852545925 * r + 28729.085735721942674) * r + 39307.89580009271061) * r
                    + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r
                 + 42.313330701600911252) * r + 1.0);
    }
  r = q < 0 ? p : 1 - p;
  r = sqrt (-log (r));
  if (r <= 5)
    {
      r -= 1.6;
      x = (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r
               + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r
            + 4.6303378461565452959) * r + 1.42343711074968357734)
          / (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r
                 + 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r
              + 2.05319162663775882187) * r + 1.0);
    }
  else
    {
      r -= 5;
      x = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r
               + 0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r
            + 5.4637849111641143699) * r + 6.6579046435011037772)
          / (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r
                 + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r
              + 0.59983220655588793769) * r + 1.0);
    }
  return q < 0 ? -x : x;
}

/* Continued fraction of the incomplete beta (modified Lentz). */
static double
beta_cf (double a, double b, double x)
{
  double qab = a + b, qap = a + 1, qam = a - 1;
  double c = 1, d = 1 - qab * x / qap;
  if (fabs (d) < TINY)
    d = TINY;
  d = 1 / d;
  double h = d;
  for (int m = 1; m <= CF_MAX_ITER; m++)
    {
      int m2 = 2 * m;
      double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
      d = 1 + aa * d;
      if (fabs (d) < TINY)
        d = TINY;
      c = 1 + aa / c;
      if (fabs (c) < TINY)
        c = TINY;
      d = 1 / d;
      h *= d * c;
      aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
      d = 1 + aa * d;
      if (fabs (d) < TINY)
        d = TINY;
      c = 1 + aa / c;
      if (fabs (c) < TINY)
        c = TINY;
      d = 1 / d;
      double del = d * c;
      h *= del;
      if (fabs (del - 1) < CF_EPS)
        break;
    }
  return h;
}

double
cw_beta_inc (double a, double b, double x)
{
  assert (a > 0 && b > 0);
  if (x <= 0)
    return 0;
  if (x >= 1)
    return 1;
  double lfront = lgamma (a + b) - lgamma (a) - lgamma (b) + a * log (x) + b * log1p (-x);
  /* The fraction converges fast only on the side of the mean; use the symmetry on the other. */
  if (x < (a + 1) / (a + b + 2))
    return exp (lfront) * beta_cf (a, b, x) / a;
  return 1 - exp (lfront) * beta_cf (b, a, 1 - x) / b;
}

/* Newton steps on f(x) = I_x(a, b) - p kept inside a shrinking bracket, bisecting when a step leaves it. */
double
cw_beta_inc_inverse (double a, double b, double p)
{
  assert (a > 0 && b > 0);
  if (p <= 0)
    return 0;
  if (p >= 1)
    return 1;
  double lo = 0, hi = 1;
  double lbeta = lgamma (a) + lgamma (b) - lgamma (a + b);
  /* Start from the mean, a reasonable point for the bracketed iteration. */
  double x = a / (a + b);
  for (int iter = 0; iter < 300; iter++)
    {
      double f = cw_beta_inc (a, b, x) - p;
      if (f == 0)
        return x;
      if (f < 0)
        lo = x;
      else
        hi = x;
      double dens = exp ((a - 1) * log (x) + (b - 1) * log1p (-x) - lbeta);
      double next = x - f / dens;
      if (!(next > lo && next < hi) || !isfinite (next))
        next = 0.5 * (lo + hi);
      if (fabs (next - x) <= 1e-15 * fmax (x, 1e-300) || hi - lo <= 1e-16 * hi)
        return next;
      x = next;
    }
  return x;
}

double
cw_f_quantile (double p, double d1, double d2)
{
  assert (p > 0 && p < 1 && d1 > 0 && d2 > 0);
  /* F = (d2 / d1) x / (1 - x) with x ~ Beta(d1/2, d2/2); 1 - x from the mirrored inverse keeps the
   * precision when x is close to 1. */
  double x = cw_beta_inc_inverse (d1 / 2, d2 / 2, p);
  double one_minus = cw_beta_inc_inverse (d2 / 2, d1 / 2, 1 - p);
  if (x > 0.5)
    return d2 * (1 - one_minus) / (d1 * one_minus);
  return d2 * x / (d1 * (1 - x));
}

double
cw_gamma_inc (double a, double x)
{
  assert (a > 0);
  if (x <= 0)
    return 0;
  double lfront = a * log (x) - x - lgamma (a);
  if (x < a + 1)
    {
      /* series */
      double ap = a, sum = 1 / a, del = sum;
      for (int n = 0; n < CF_MAX_ITER; n++)
        {
          ap += 1;
          del *= x / ap;
          sum += del;
          if (fabs (del) < fabs (sum) * CF_EPS)
            break;
        }
      return sum * exp (lfront);
    }
  /* continued fraction for Q = 1 - P (modified Lentz) */
  double b = x + 1 - a, c = 1 / TINY, d = 1 / b, h = d;
  for (int i = 1; i <= CF_MAX_ITER; i++)
    {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      if (fabs (d) < TINY)
        d = TINY;
      c = b + an / c;
      if (fabs (c) < TINY)
        c = TINY;
      d = 1 / d;
      double del = d * c;
      h *= del;
      if (fabs (del - 1) < CF_EPS)
        break;
    }
  return 1 - exp (lfront) * h;
}

double
cw_chi2_quantile (double p, double df)
{
  assert (p > 0 && p < 1 && df > 0);
  double a = df / 2;
  /* Bracket [0, hi] then bracketed Newton on P(a, x/2) - p. */
  double lo = 0, hi = fmax (1.0, 2 * df);
  while (cw_gamma_inc (a, hi / 2) < p)
    lo = hi, hi *= 2;
  double x = 0.5 * (lo + hi);
  for (int iter = 0; iter < 300; iter++)
    {
      double f = cw_gamma_inc (a, x / 2) - p;
      if (f == 0)
        return x;
      if (f < 0)
        lo = x;
      else
        hi = x;
      double dens = exp ((a - 1) * log (x / 2) - x / 2 - lgamma (a)) / 2;
      double next = x - f / dens;
      if (!(next > lo && next < hi) || !isfinite (next))
        next = 0.5 * (lo + hi);
      if (fabs (next - x) <= 1e-15 * x || hi - lo <= 1e-16 * hi)
        return next;
      x = next;
    }
  return x;
}

double
cw_q_limit_jackson_mudholkar (const double theta[3], double confidence)
{
  double t1 = theta[0], t2 = theta[1], t3 = theta[2];
  if (!(t1 > 0) || !(t2 > 0))
    return 0;
  double h0 = 1 - 2 * t1 * t3 / (3 * t2 * t2);
  if (!(h0 > 0))
    return NAN;
  double z = cw_normal_quantile (confidence);
  double base = z * sqrt (2 * t2 * h0 * h0) / t1 + 1 + t2 * h0 * (h0 - 1) / (t1 * t1);
  if (!(base > 0))
    return NAN;
  return t1 * pow (base, 1 / h0);
}

double
cw_q_limit_box (const double theta[3], double confidence)
{
  double t1 = theta[0], t2 = theta[1];
  if (!(t1 > 0) || !(t2 > 0))
    return 0;
  double g = t2 / t1, h = t1 * t1 / t2;
  return g * cw_chi2_quantile (confidence, h);
}
