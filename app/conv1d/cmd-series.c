/* cmd-series.c — `conv1d series`: a long recording (one column per signal, a row per time point) cut into
 * windows — fixed length and hop, or one per detected peak — written as the wide CSV every other command
 * reads; and `conv1d generate ecg-recording`, a synthetic ECG recording with its beat annotations. */
#include "cli-common.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char series_usage[] =
  "Usage: conv1d series --data REC.csv --window N [--hop H | --peaks [--before B]] --out WINDOWS.csv\n"
  "\n"
  "Cuts a long recording into windows and writes them as a wide CSV (one window per row) that `train`,\n"
  "`pls` and the workbench read. A recording has one column per signal and one row per time point\n"
  "(e.g. an ECG: time in seconds and millivolts at 360 Hz); a first column named like time (or strictly\n"
  "increasing) is the time axis, text columns hold a label per row. Each window row has meta:record,\n"
  "meta:window, meta:start_time (s), meta:peak_time (s, with --peaks) and target:label when labelled.\n"
  "\n"
  "Options:\n"
  "  -d, --data FILE          the recording (CSV, TSV; header optional)\n"
  "      --time-column NAME   the time column (default: found by itself; 'none' for no time column)\n"
  "      --signal-column NAME the signal to cut (default the first)\n"
  "      --rate HZ            samples per second when there is no time column in seconds (default 1)\n"
  "  -w, --window N           samples per window; '0.6s' gives it in seconds\n"
  "      --hop H              samples between window starts (default N: windows side by side); or 'Xs'\n"
  "      --peaks              one window per detected peak (Pan-Tompkins: band-pass 5-15 Hz, derivative,\n"
  "                           squaring, 150 ms integration, adaptive threshold, 200 ms refractory)\n"
  "      --before B           with --peaks: samples before the peak (default a third of the window)\n"
  "      --labels FILE        target 'label' from an annotation CSV (time,label): each window gets the\n"
  "                           annotation nearest to its peak (or centre) inside the window\n"
  "      --label-column NAME  target 'label' from a text column of the recording, at the peak (or centre)\n"
  "      --record NAME        the meta:record value (default the file's name)\n"
  "  -o, --out FILE           the windows CSV to write ('-' = standard output)\n"
  "  -h, --help               this help\n"
  "\n"
  "Example:\n"
  "  conv1d generate ecg-recording --seconds 300 --out rec.csv      (also writes rec-annotations.csv)\n"
  "  conv1d series --data rec.csv --window 0.6s --peaks --before 0.2s --labels rec-annotations.csv \\\n"
  "                --out beats.csv\n"
  "  conv1d train --data beats.csv --target label\n";

enum { OPT_TIME_COLUMN = 256, OPT_SIGNAL_COLUMN, OPT_RATE, OPT_HOP, OPT_PEAKS, OPT_BEFORE, OPT_LABELS,
       OPT_LABEL_COLUMN, OPT_RECORD };

static const struct option series_options[] = {
  { "data", required_argument, NULL, 'd' },
  { "time-column", required_argument, NULL, OPT_TIME_COLUMN },
  { "signal-column", required_argument, NULL, OPT_SIGNAL_COLUMN },
  { "rate", required_argument, NULL, OPT_RATE },
  { "window", required_argument, NULL, 'w' },
  { "hop", required_argument, NULL, OPT_HOP },
  { "peaks", no_argument, NULL, OPT_PEAKS },
  { "before", required_argument, NULL, OPT_BEFORE },
  { "labels", required_argument, NULL, OPT_LABELS },
  { "label-column", required_argument, NULL, OPT_LABEL_COLUMN },
  { "record", required_argument, NULL, OPT_RECORD },
  { "out", required_argument, NULL, 'o' },
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 },
};

/* "216" samples or "0.6s" seconds, converted once the rate is known. */
typedef struct {
  const char *text;
  double value;
  bool seconds;
} span;

static bool
parse_span (const char *option, const char *text, span *out)
{
  char *end;
  double v = strtod (text, &end);
  out->text = text;
  out->seconds = *end == 's' && end[1] == '\0';
  if (end == text || !(out->seconds || *end == '\0') || !isfinite (v) || v < 0 || v > 1e9
      || (!out->seconds && v != floor (v)))
    {
      cli_error ("--%s: '%s' is not a number of samples (e.g. 216) or of seconds (e.g. 0.6s).", option, text);
      return false;
    }
  out->value = v;
  return true;
}

static int
span_samples (const span *s, double rate)
{
  return (int) fmin (1e9, s->seconds ? lround (s->value * rate) : s->value);
}

/* Class counts of the label target: "N 305, V 52". */
static void
print_label_counts (FILE *f, const cw_dataset *ds)
{
  int target = cw_dataset_find_target (ds, "label");
  if (target < 0)
    return;
  int n = cw_dataset_n_samples (ds), k = cw_dataset_n_classes (ds, target), missing = 0;
  const float *y = cw_dataset_target_values (ds, target);
  fputs ("; target 'label': ", f);
  for (int c = 0; c < k; c++)
    {
      int count = 0;
      for (int i = 0; i < n; i++)
        count += !isnan (y[i]) && (int) y[i] == c;
      fprintf (f, "%s%s %d", c ? ", " : "", cw_dataset_class_name (ds, target, c), count);
    }
  for (int i = 0; i < n; i++)
    missing += isnan (y[i]);
  if (missing)
    fprintf (f, " (%d window%s without a label)", missing, missing == 1 ? "" : "s");
}

int
cli_series (int argc, char **argv)
{
  const char *data = NULL, *out = NULL, *signal_column = NULL, *labels_path = NULL, *label_column = NULL;
  const char *record = NULL;
  cw_series_options read_options = { 0 };
  span window = { 0 }, hop = { 0 }, before = { 0 };
  bool peaks_wanted = false, window_given = false, hop_given = false, before_given = false;
  optind = 1;
  opterr = 0;
  int opt;
  while ((opt = getopt_long (argc, argv, ":d:w:o:h", series_options, NULL)) != -1)
    {
      bool ok = true;
      switch (opt)
        {
        case 'd': data = optarg; break;
        case OPT_TIME_COLUMN: read_options.time_column = strcmp (optarg, "none") == 0 ? "" : optarg; break;
        case OPT_SIGNAL_COLUMN: signal_column = optarg; break;
        case OPT_RATE:
          {
            float rate;
            ok = cli_parse_float ("rate", optarg, 1e-6, 1e9, &rate);
            read_options.rate = strtod (optarg, NULL);
            break;
          }
        case 'w': ok = window_given = parse_span ("window", optarg, &window); break;
        case OPT_HOP: ok = hop_given = parse_span ("hop", optarg, &hop); break;
        case OPT_PEAKS: peaks_wanted = true; break;
        case OPT_BEFORE: ok = before_given = parse_span ("before", optarg, &before); break;
        case OPT_LABELS: labels_path = optarg; break;
        case OPT_LABEL_COLUMN: label_column = optarg; break;
        case OPT_RECORD: record = optarg; break;
        case 'o': out = optarg; break;
        case 'h': fputs (series_usage, stdout); return CLI_EXIT_OK;
        default: return cli_option_error ("series", opt, argv);
        }
      if (!ok)
        return CLI_EXIT_USAGE;
    }
  if (optind < argc)
    return cli_usage_error ("series", "unexpected argument '%s'.", argv[optind]);
  if (!data)
    return cli_usage_error ("series", "name the recording with --data FILE.csv.");
  if (!window_given)
    return cli_usage_error ("series", "give the window length with --window N (samples) or --window 0.6s.");
  if (!out)
    return cli_usage_error ("series", "say where to write the windows with --out FILE.csv ('-' for standard "
                                      "output).");
  if (peaks_wanted && hop_given)
    return cli_usage_error ("series", "--hop and --peaks are two ways to place windows: choose one.");
  if (before_given && !peaks_wanted)
    return cli_usage_error ("series", "--before is for windows aligned on peaks (--peaks).");
  if (labels_path && label_column)
    return cli_usage_error ("series", "--labels and --label-column are two sources of labels: choose one.");

  cw_error err;
  cw_series *s = cw_series_load (data, &read_options, &err);
  if (!s)
    {
      cli_error ("%s", err.message);
      return CLI_EXIT_FAILURE;
    }
  int rc = CLI_EXIT_FAILURE;
  cw_annotations *annotations = NULL;
  int *peaks = NULL;
  cw_dataset *ds = NULL;
  double rate = cw_series_rate (s);
  int n = cw_series_length (s);
  cw_window_options o = { .record = record, .label_column = -1 };
  if (signal_column && (o.signal = cw_series_find_signal (s, signal_column)) < 0)
    {
      cli_error ("%s: no signal column named '%s'; the signals are:", data, signal_column);
      for (int j = 0; j < cw_series_n_signals (s); j++)
        fprintf (stderr, "%s'%s'", j ? ", " : "  ", cw_series_signal_name (s, j));
      fputc ('\n', stderr);
      goto out;
    }
  if (label_column)
    {
      o.labels = CW_SERIES_LABELS_COLUMN;
      o.label_column = cw_series_find_label_column (s, label_column);
      if (o.label_column < 0)
        {
          cli_error ("%s: no text column named '%s' to take labels from (%d text column%s).", data, label_column,
                     cw_series_n_label_columns (s), cw_series_n_label_columns (s) == 1 ? "" : "s");
          goto out;
        }
    }
  if (labels_path)
    {
      annotations = cw_annotations_load_csv (labels_path, &err);
      if (!annotations)
        {
          cli_error ("%s", err.message);
          goto out;
        }
      o.labels = CW_SERIES_LABELS_ANNOTATIONS;
      o.annotations = annotations;
    }
  o.length = span_samples (&window, rate);
  o.hop = hop_given ? span_samples (&hop, rate) : o.length;
  printf ("Read %s: %d rows at %.6g Hz over %.6g s", data, n, rate, cw_series_time (s)[n - 1] - cw_series_time (s)[0]);
  if (cw_series_time_name (s))
    printf (" (time column '%s')", cw_series_time_name (s));
  printf ("; cutting signal '%s' (%d of %d).\n", cw_series_signal_name (s, o.signal), o.signal + 1,
          cw_series_n_signals (s));
  if (peaks_wanted)
    {
      o.before = before_given ? span_samples (&before, rate) : o.length / 3;
      int found = cw_series_detect_peaks (cw_series_signal (s, o.signal), n, rate, NULL, &peaks, &err);
      if (found < 0)
        {
          cli_error ("%s: %s", data, err.message);
          goto out;
        }
      if (found == 0)
        {
          cli_error ("%s: no peaks found in '%s'.", data, cw_series_signal_name (s, o.signal));
          goto out;
        }
      o.peaks = peaks;
      o.n_peaks = found;
      double minutes = (cw_series_time (s)[n - 1] - cw_series_time (s)[0]) / 60;
      printf ("Found %d peaks in '%s' (%.1f per minute).\n", found, cw_series_signal_name (s, o.signal),
              minutes > 0 ? found / minutes : 0);
    }
  ds = cw_series_window (s, &o, &err);
  if (!ds)
    {
      cli_error ("%s: %s", data, err.message);
      goto out;
    }
  bool to_stdout = strcmp (out, "-") == 0;
  if (to_stdout)
    {
      size_t size;
      char *text = cw_dataset_to_csv (ds, &size, &err);
      bool ok = text && fwrite (text, 1, size, stdout) == size && fflush (stdout) == 0;
      free (text);
      if (!ok)
        {
          cli_error ("cannot write to standard output.");
          goto out;
        }
    }
  else if (cw_dataset_save_csv (ds, out, &err) != CW_OK)
    {
      cli_error ("%s", err.message);
      goto out;
    }
  FILE *f = to_stdout ? stderr : stdout;
  fprintf (f, "Wrote %d windows of %d samples (%.6g s", cw_dataset_n_samples (ds), o.length, o.length / rate);
  if (peaks)
    fprintf (f, ", %d before the peak", o.before);
  else
    fprintf (f, ", hop %d", o.hop);
  fprintf (f, ") to %s", to_stdout ? "standard output" : out);
  print_label_counts (f, ds);
  fputs (".\n", f);
  if (!to_stdout && o.labels != CW_SERIES_LABELS_NONE)
    fprintf (f, "Train with: conv1d train --data %s --target label\n", out);
  rc = CLI_EXIT_OK;
out:
  cw_dataset_free (ds);
  free (peaks);
  cw_annotations_free (annotations);
  cw_series_free (s);
  return rc;
}

/* ---- conv1d generate ecg-recording ---- */

static const char recording_usage[] =
  "Usage: conv1d generate ecg-recording --out REC.csv [OPTIONS]\n"
  "\n"
  "Writes a synthetic ECG recording (columns time in s and mv) with normal beats (N) and premature\n"
  "ventricular beats (V: early, no P wave, wide QRS, inverted T), baseline wander and noise, and its\n"
  "annotation file (time,label: every beat's R peak). Cut it into beats with `conv1d series`.\n"
  "\n"
  "Options:\n"
  "      --seconds S       length (default 300)\n"
  "      --rate HZ         samples per second (default 360)\n"
  "      --heart-rate BPM  beats per minute (default 72)\n"
  "      --abnormal F      share of ventricular beats, 0 to 0.5 (default 0.15)\n"
  "      --noise SD        white noise in mV (default 0.02)\n"
  "  -s, --seed N          random seed (default 1)\n"
  "  -o, --out FILE        the recording\n"
  "      --annotations F   the annotation file (default FILE without .csv, then -annotations.csv)\n"
  "  -h, --help            this help\n";

enum { OPT_SECONDS = 300, OPT_HZ, OPT_HEART_RATE, OPT_ABNORMAL, OPT_NOISE_MV, OPT_ANNOTATIONS };

static const struct option recording_options[] = {
  { "seconds", required_argument, NULL, OPT_SECONDS },
  { "rate", required_argument, NULL, OPT_HZ },
  { "heart-rate", required_argument, NULL, OPT_HEART_RATE },
  { "abnormal", required_argument, NULL, OPT_ABNORMAL },
  { "noise", required_argument, NULL, OPT_NOISE_MV },
  { "seed", required_argument, NULL, 's' },
  { "out", required_argument, NULL, 'o' },
  { "annotations", required_argument, NULL, OPT_ANNOTATIONS },
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 },
};

static bool
parse_number (const char *option, const char *text, double min, double max, double *out)
{
  float checked;
  if (!cli_parse_float (option, text, min, max, &checked))
    return false;
  *out = strtod (text, NULL);
  return true;
}

int
cli_generate_ecg_recording (int argc, char **argv)
{
  cw_ecg_recording_config c = cw_ecg_recording_config_default ();
  const char *out = NULL, *annotations_path = NULL;
  optind = 1;
  opterr = 0;
  int opt;
  while ((opt = getopt_long (argc, argv, ":s:o:h", recording_options, NULL)) != -1)
    {
      bool ok = true;
      switch (opt)
        {
        case OPT_SECONDS: ok = parse_number ("seconds", optarg, 5, 1e6, &c.seconds); break;
        case OPT_HZ: ok = parse_number ("rate", optarg, 50, 10000, &c.rate); break;
        case OPT_HEART_RATE: ok = parse_number ("heart-rate", optarg, 30, 200, &c.heart_rate); break;
        case OPT_ABNORMAL: ok = parse_number ("abnormal", optarg, 0, 0.5, &c.abnormal); break;
        case OPT_NOISE_MV: ok = parse_number ("noise", optarg, 0, 1, &c.noise); break;
        case 's': ok = cli_parse_u64 ("seed", optarg, &c.seed); break;
        case 'o': out = optarg; break;
        case OPT_ANNOTATIONS: annotations_path = optarg; break;
        case 'h': fputs (recording_usage, stdout); return CLI_EXIT_OK;
        default: return cli_option_error ("generate", opt, argv);
        }
      if (!ok)
        return CLI_EXIT_USAGE;
    }
  /* KIND is the one non-option argument. */
  if (optind + 1 < argc)
    return cli_usage_error ("generate", "unexpected argument '%s'.", argv[optind + 1]);
  if (!out || strcmp (out, "-") == 0)
    return cli_usage_error ("generate", "say where to write the recording with --out FILE.csv (a file: the "
                                        "annotations go beside it).");
  char *derived = NULL;
  if (!annotations_path)
    {
      size_t len = strlen (out);
      size_t stem = len > 4 && strcmp (out + len - 4, ".csv") == 0 ? len - 4 : len;
      derived = malloc (stem + sizeof "-annotations.csv");
      if (!derived)
        return CLI_EXIT_FAILURE;
      memcpy (derived, out, stem);
      strcpy (derived + stem, "-annotations.csv");
      annotations_path = derived;
    }
  cw_error err;
  cw_annotations *beats = NULL;
  cw_series *s = cw_series_generate_ecg (&c, &beats, &err);
  int rc = CLI_EXIT_FAILURE;
  if (!s)
    cli_error ("%s", err.message);
  else if (cw_series_save_csv (s, out, &err) != CW_OK || cw_annotations_save_csv (beats, annotations_path, &err))
    cli_error ("%s", err.message);
  else
    {
      int ventricular = 0;
      for (int k = 0; k < beats->n; k++)
        ventricular += strcmp (beats->label[k], "V") == 0;
      printf ("Wrote an ECG recording of %g s at %g Hz (%d rows: time, mv) to %s.\n", c.seconds, c.rate,
              cw_series_length (s), out);
      printf ("Wrote %d beat annotations (N %d, V %d) to %s.\n", beats->n, beats->n - ventricular, ventricular,
              annotations_path);
      printf ("Cut it into beats with: conv1d series --data %s --window 0.6s --peaks --before 0.2s --labels %s "
              "--out beats.csv\n", out, annotations_path);
      rc = CLI_EXIT_OK;
    }
  cw_series_free (s);
  cw_annotations_free (beats);
  free (derived);
  return rc;
}
