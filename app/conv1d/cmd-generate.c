/* cmd-generate.c — `conv1d generate`: a toy dataset (normal vs non-normal densities, synthetic spectra,
 * ECG-like beats, meat-like NIR spectra) written as a wide CSV that `conv1d train` reads as it is. */
#include "cli-common.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char generate_usage[] =
  "Usage: conv1d generate KIND --out FILE.csv [OPTIONS]\n"
  "\n"
  "Writes a toy dataset as a wide CSV (meta: and target: columns, then one column per axis value)\n"
  "that `conv1d train` and the workbench read as it is. The same options and seed give the same file.\n"
  "\n"
  "Kinds:\n"
  "  normal-pdf  \"is this a normal PDF?\": Gaussian bells vs bimodal, skewed, uniform, Laplace and\n"
  "              triangular densities on a grid; target 'class' (normal / not-normal), meta 'shape'\n"
  "  spectra     baseline + Gaussian or Lorentzian peaks at fixed wavelengths (nm) + noise; the target\n"
  "              is one peak's height (meta height1..K hold every peak's)\n"
  "  ecg         ECG-like beats (P, QRS and T waves with jitter, mV over 800 ms); target 'beat': normal,\n"
  "              wide-qrs, inverted-t, missing-p, st-elevation\n"
  "  ecg-recording  a long ECG recording (time, mv) and its beat annotations: `conv1d generate\n"
  "              ecg-recording --help`; cut it into beats with `conv1d series`\n"
  "  nir         NIR absorbance of meat-like samples, 850-1050 nm, 100 channels, 215 rows: targets fat,\n"
  "              water and protein (%, adding up to 100), related to the spectra nonlinearly (bands\n"
  "              moving with temperature and content, fat-dependent path length, stray light); meta\n"
  "              id, temperature (°C) and split (train / monitor / test)\n"
  "\n"
  "Options:\n"
  "  -n, --n N             samples (default 500)\n"
  "  -l, --length L        points per signal (default 200; spectra 256)\n"
  "  -s, --seed S          random seed (default 1)\n"
  "  -b, --balance F       normal-pdf, ecg: fraction of normal samples (default 0.5); the counts are\n"
  "                        exact, the other classes share the rest evenly\n"
  "      --noise SD        SD of additive noise (default 0.005; ecg 0.02)\n"
  "      --range LO:HI     normal-pdf: the x grid (default -5:5); spectra: wavelengths (default 400:700;\n"
  "                        nir 850:1050)\n"
  "      --peaks K         spectra: peaks, 1 to 8, evenly spaced (default 3)\n"
  "      --target-peak I   spectra: the peak whose height is the target, 1-based (default the middle one)\n"
  "      --profile P       spectra: gaussian | lorentzian | mixed (default gaussian)\n"
  "      --width W         spectra: peak width at half height in nm (default 40)\n"
  "      --jitter J        ecg: variation of wave timing, width and height (default 1; 0 = identical)\n"
  "      --nonlinearity E  nir: scales every nonlinear effect, 0 (a linear mixture) to 2 (default 1)\n"
  "      --fat LO:HI       nir: range of the fat content in % (default 1:50)\n"
  "      --split T,M,E     nir: proportions of train, monitor and test rows (default 60,20,20); the\n"
  "                        counts are exact\n"
  "  -o, --out FILE        the CSV to write ('-' = standard output)\n"
  "  -h, --help            this help\n"
  "\n"
  "Example:\n"
  "  conv1d generate normal-pdf --n 1000 --length 128 --seed 7 --balance 0.3 --out pdf.csv\n"
  "  conv1d train --data pdf.csv --target class --epochs 50\n"
  "  conv1d generate nir --n 215 --seed 1 --out meat.csv\n"
  "  conv1d pls --data meat.csv --target fat --test-meta split=test --cv 10 -m 30\n";

enum {
  OPT_NOISE = 256, OPT_RANGE, OPT_PEAKS, OPT_TARGET_PEAK, OPT_PROFILE, OPT_WIDTH, OPT_JITTER,
  OPT_NONLINEARITY, OPT_FAT, OPT_SPLIT
};

static const struct option generate_options[] = {
  { "n", required_argument, NULL, 'n' },
  { "length", required_argument, NULL, 'l' },
  { "seed", required_argument, NULL, 's' },
  { "balance", required_argument, NULL, 'b' },
  { "noise", required_argument, NULL, OPT_NOISE },
  { "range", required_argument, NULL, OPT_RANGE },
  { "peaks", required_argument, NULL, OPT_PEAKS },
  { "target-peak", required_argument, NULL, OPT_TARGET_PEAK },
  { "profile", required_argument, NULL, OPT_PROFILE },
  { "width", required_argument, NULL, OPT_WIDTH },
  { "jitter", required_argument, NULL, OPT_JITTER },
  { "nonlinearity", required_argument, NULL, OPT_NONLINEARITY },
  { "fat", required_argument, NULL, OPT_FAT },
  { "split", required_argument, NULL, OPT_SPLIT },
  { "out", required_argument, NULL, 'o' },
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 },
};

/* Options are collected first and applied to the kind's defaults afterwards, since KIND may come
 * after them on the command line. */
typedef struct {
  const char *out, *range, *profile, *fat, *split;
  int n, length, peaks, target_peak;
  uint64_t seed;
  double balance, noise, width, jitter, nonlinearity;
  bool seed_given;
} generate_args;

/* cli_parse_float's checks and messages, keeping the double: --balance 0.35 of 10 rows is 4 rows, which
 * the float 0.3499999 would make 3. */
static bool
parse_double (const char *option, const char *text, double min, double max, double *out)
{
  float checked;
  if (!cli_parse_float (option, text, min, max, &checked))
    return false;
  *out = strtod (text, NULL);
  return true;
}

static bool
parse_range (const char *text, double *lo, double *hi)
{
  char *end;
  *lo = strtod (text, &end);
  if (end == text || *end != ':')
    return false;
  const char *second = end + 1;
  *hi = strtod (second, &end);
  return end != second && *end == '\0' && *lo < *hi;
}

/* "60,20,20": three proportions >= 0 with a positive train share. */
static bool
parse_split (const char *text, double split[3])
{
  const char *p = text;
  for (int r = 0; r < 3; r++)
    {
      char *end;
      split[r] = strtod (p, &end);
      if (end == p || !(split[r] >= 0) || !isfinite (split[r]) || *end != (r < 2 ? ',' : '\0'))
        return false;
      p = end + 1;
    }
  return split[0] > 0;
}

static int
parse_args (int argc, char **argv, generate_args *a, cw_generator_config *c)
{
  memset (a, 0, sizeof *a);
  a->n = a->length = a->peaks = a->target_peak = -1;
  a->balance = a->noise = a->width = a->jitter = a->nonlinearity = -1;
  optind = 1;
  opterr = 0;
  int opt;
  while ((opt = getopt_long (argc, argv, ":n:l:s:b:o:h", generate_options, NULL)) != -1)
    {
      bool ok = true;
      switch (opt)
        {
        case 'n': ok = cli_parse_int ("n", optarg, 1, 10000000, &a->n); break;
        case 'l': ok = cli_parse_int ("length", optarg, 8, 1000000, &a->length); break;
        case 's': ok = cli_parse_u64 ("seed", optarg, &a->seed); a->seed_given = true; break;
        case 'b': ok = parse_double ("balance", optarg, 0, 1, &a->balance); break;
        case OPT_NOISE: ok = parse_double ("noise", optarg, 0, 1e6, &a->noise); break;
        case OPT_RANGE: a->range = optarg; break;
        case OPT_PEAKS: ok = cli_parse_int ("peaks", optarg, 1, CW_GEN_MAX_PEAKS, &a->peaks); break;
        case OPT_TARGET_PEAK:
          ok = cli_parse_int ("target-peak", optarg, 1, CW_GEN_MAX_PEAKS, &a->target_peak);
          break;
        case OPT_PROFILE: a->profile = optarg; break;
        case OPT_WIDTH: ok = parse_double ("width", optarg, 1e-6, 1e9, &a->width); break;
        case OPT_JITTER: ok = parse_double ("jitter", optarg, 0, 100, &a->jitter); break;
        case OPT_NONLINEARITY: ok = parse_double ("nonlinearity", optarg, 0, 2, &a->nonlinearity); break;
        case OPT_FAT: a->fat = optarg; break;
        case OPT_SPLIT: a->split = optarg; break;
        case 'o': a->out = optarg; break;
        case 'h': fputs (generate_usage, stdout); return CLI_EXIT_OK;
        default: return cli_option_error ("generate", opt, argv);
        }
      if (!ok)
        return CLI_EXIT_USAGE;
    }
  if (optind >= argc)
    return cli_usage_error ("generate", "name the kind of data: normal-pdf, spectra, ecg or nir.");
  cw_generator kind;
  if (!cw_generator_from_name (argv[optind], &kind))
    return cli_usage_error ("generate", "unknown kind '%s' (normal-pdf, spectra, ecg or nir).", argv[optind]);
  if (optind + 1 < argc)
    return cli_usage_error ("generate", "unexpected argument '%s'.", argv[optind + 1]);
  if (!a->out)
    return cli_usage_error ("generate", "say where to write the data with --out FILE.csv ('-' for "
                                        "standard output).");

  *c = cw_generator_config_default (kind);
  const char *kind_name = cw_generator_name (kind);
  if (a->n > 0)
    c->n = a->n;
  if (a->length > 0)
    c->length = a->length;
  if (a->seed_given)
    c->seed = a->seed;
  if (a->noise >= 0)
    c->noise = a->noise;
  if (a->balance >= 0)
    {
      if (kind == CW_GEN_SPECTRA || kind == CW_GEN_NIR)
        return cli_usage_error ("generate", "--balance is for class data (normal-pdf, ecg), not %s.",
                                kind_name);
      c->balance = a->balance;
    }
  if (a->range)
    {
      double lo, hi;
      if (kind == CW_GEN_ECG)
        return cli_usage_error ("generate", "--range is for normal-pdf, spectra and nir, not ecg.");
      if (!parse_range (a->range, &lo, &hi))
        return cli_usage_error ("generate", "--range: '%s' is not LO:HI with LO < HI.", a->range);
      if (kind == CW_GEN_NORMAL_PDF)
        {
          c->x_min = lo;
          c->x_max = hi;
        }
      else
        {
          c->axis_min = lo;
          c->axis_max = hi;
        }
    }
  if ((a->peaks > 0 || a->target_peak > 0 || a->profile || a->width > 0) && kind != CW_GEN_SPECTRA)
    return cli_usage_error ("generate", "--peaks, --target-peak, --profile and --width are for spectra.");
  if (a->jitter >= 0 && kind != CW_GEN_ECG)
    return cli_usage_error ("generate", "--jitter is for ecg.");
  if (kind == CW_GEN_SPECTRA)
    {
      if (a->peaks > 0)
        c->n_peaks = a->peaks;
      cw_generator_spread_peaks (c);
      int target = a->target_peak > 0 ? a->target_peak : c->n_peaks / 2 + 1;
      if (target > c->n_peaks)
        return cli_usage_error ("generate", "--target-peak: %d is beyond the %d peak%s.", target, c->n_peaks,
                                c->n_peaks == 1 ? "" : "s");
      memset (c->target_weights, 0, sizeof c->target_weights);
      c->target_weights[target - 1] = 1;
      a->target_peak = target;
      if (a->profile && !cw_peak_profile_from_name (a->profile, &c->profile))
        return cli_usage_error ("generate", "--profile: '%s' is not gaussian, lorentzian or mixed.",
                                a->profile);
      if (a->width > 0)
        c->peak_width = a->width;
    }
  if (a->jitter >= 0)
    c->jitter = a->jitter;
  if ((a->nonlinearity >= 0 || a->fat || a->split) && kind != CW_GEN_NIR)
    return cli_usage_error ("generate", "--nonlinearity, --fat and --split are for nir.");
  if (a->nonlinearity >= 0)
    c->nonlinearity = a->nonlinearity;
  if (a->fat && !(parse_range (a->fat, &c->fat_min, &c->fat_max) && c->fat_min >= 0 && c->fat_max <= 100))
    return cli_usage_error ("generate", "--fat: '%s' is not LO:HI with 0 <= LO < HI <= 100.", a->fat);
  if (a->split && !parse_split (a->split, c->split))
    return cli_usage_error ("generate", "--split: '%s' is not three proportions TRAIN,MONITOR,TEST (numbers "
                                        ">= 0, train > 0), e.g. 60,20,20.", a->split);
  return -1;
}

/* "normal 250, not-normal 250 (bimodal 50, skewed 50, ...)" or "normal 100, wide-qrs 100, ..." */
static void
print_counts (FILE *f, const cw_generator_config *c)
{
  int counts[CW_GEN_MAX_GROUPS];
  const char *names[CW_GEN_MAX_GROUPS];
  int n = cw_generator_groups (c, counts, names);
  if (c->kind == CW_GEN_NORMAL_PDF)
    {
      fprintf (f, "normal %d, not-normal %d (", counts[0], c->n - counts[0]);
      for (int g = 1; g < n; g++)
        fprintf (f, "%s%s %d", g > 1 ? ", " : "", names[g], counts[g]);
      fputc (')', f);
    }
  else
    for (int g = 0; g < n; g++)
      fprintf (f, "%s%s %d", g ? ", " : "", names[g], counts[g]);
}

int
cli_generate (int argc, char **argv)
{
  /* A recording is not a dataset of samples: its own options and writer (cmd-series.c). */
  for (int i = 1; i < argc; i++)
    if (strcmp (argv[i], "ecg-recording") == 0)
      return cli_generate_ecg_recording (argc, argv);
  generate_args a;
  cw_generator_config c;
  int rc = parse_args (argc, argv, &a, &c);
  if (rc >= 0)
    return rc;
  cw_error err;
  cw_error_clear (&err);
  cw_dataset *ds = cw_generate (&c, &err);
  if (!ds)
    {
      cli_error ("%s", err.message);
      return CLI_EXIT_FAILURE;
    }
  bool to_stdout = strcmp (a.out, "-") == 0;
  if (to_stdout)
    {
      size_t size;
      char *text = cw_dataset_to_csv (ds, &size, &err);
      bool ok = text && fwrite (text, 1, size, stdout) == size && fflush (stdout) == 0;
      free (text);
      if (!ok)
        {
          cli_error ("%s", text ? "cannot write to standard output." : err.message);
          cw_dataset_free (ds);
          return CLI_EXIT_FAILURE;
        }
    }
  else if (cw_dataset_save_csv (ds, a.out, &err) != CW_OK)
    {
      cli_error ("%s", err.message);
      cw_dataset_free (ds);
      return CLI_EXIT_FAILURE;
    }

  /* The report goes where it does not mix with the data. */
  FILE *f = to_stdout ? stderr : stdout;
  char target[32];
  cw_generator_target_name (&c, target, sizeof target);
  fprintf (f, "Wrote %d %s samples of %d points (%s %g to %g) to %s.\n", c.n, cw_generator_name (c.kind),
           c.length, cw_generator_axis_label (c.kind), cw_dataset_axis (ds)[0],
           cw_dataset_axis (ds)[c.length - 1], to_stdout ? "standard output" : a.out);
  fprintf (f, "Target '%s' (%s)", target, cw_task_name (cw_generator_task (c.kind)));
  if (c.kind == CW_GEN_SPECTRA)
    fprintf (f, ": the height of peak %d of %d, at %g nm (%s peaks, %g nm wide).\n", a.target_peak,
             c.n_peaks, c.peak_positions[a.target_peak - 1], cw_peak_profile_name (c.profile), c.peak_width);
  else if (c.kind == CW_GEN_NIR)
    {
      int counts[3];
      cw_nir_split_counts (&c, counts);
      fprintf (f, " and 'water', 'protein' (%%, adding up to 100), nonlinearity %g; meta 'split': train %d, "
               "monitor %d, test %d.\n", c.nonlinearity, counts[0], counts[1], counts[2]);
    }
  else
    {
      fputs (": ", f);
      print_counts (f, &c);
      fputs (".\n", f);
    }
  if (!to_stdout && c.kind == CW_GEN_NIR)
    fprintf (f, "Fit PLS with: conv1d pls --data %s --target %s --test-meta split=test --cv 10\n", a.out,
             target);
  else if (!to_stdout)
    fprintf (f, "Train with: conv1d train --data %s --target %s\n", a.out, target);
  cw_dataset_free (ds);
  return CLI_EXIT_OK;
}
