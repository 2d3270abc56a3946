/* fuzz-series.c — recordings and their annotations (engine/series-read.c, engine/series.c): the sniff that
 * tells a recording from wide data (cw_series_looks_like_recording), the recording reader
 * (cw_series_parse_csv, with the time column found by itself and with none at 100 Hz) and the time,label
 * annotation reader (cw_annotations_parse_csv), all on the same bytes. A recording that reads is then
 * used as the app and the CLI use it: peaks detected on its first signal, sliding windows cut. */
#include "fuzz.h"

static void
use_series (cw_series *s)
{
  int n = cw_series_length (s);
  const double *time = cw_series_time (s);
  for (int i = 0; i < n; i++)
    fuzz_sink += time[i];
  for (int j = 0; j < cw_series_n_signals (s); j++)
    {
      fuzz_touch_string (cw_series_signal_name (s, j));
      const double *x = cw_series_signal (s, j);
      for (int i = 0; i < n; i++)
        fuzz_sink += x[i];
    }
  for (int j = 0; j < cw_series_n_label_columns (s); j++)
    {
      fuzz_touch_string (cw_series_label_column_name (s, j));
      for (int i = 0; i < n; i++)
        fuzz_touch_string (cw_series_label (s, j, i));
    }
  fuzz_touch_string (cw_series_time_name (s));
  fuzz_touch_string (cw_series_source (s));
  if (cw_series_n_signals (s) < 1)
    return;

  cw_error err;
  int *peaks = NULL;
  cw_peak_options po = cw_peak_options_default ();
  int n_peaks = cw_series_detect_peaks (cw_series_signal (s, 0), n, cw_series_rate (s), &po, &peaks, &err);
  if (n_peaks < 0)
    fuzz_check_error (&err);
  for (int i = 0; i < n_peaks; i++)
    if (peaks[i] < 0 || peaks[i] >= n)
      fuzz_fail ("a detected peak lies outside the signal", NULL);

  cw_window_options wo = { 0 };
  wo.signal = 0;
  wo.length = n < 16 ? n : 16;
  wo.hop = 8;
  wo.labels = cw_series_n_label_columns (s) > 0 ? CW_SERIES_LABELS_COLUMN : CW_SERIES_LABELS_NONE;
  for (int aligned = 0; aligned < 2; aligned++)
    {
      if (aligned)
        {
          if (n_peaks <= 0)
            break;
          wo.peaks = peaks;
          wo.n_peaks = n_peaks;
          wo.before = wo.length / 2;
        }
      long count = cw_series_count_windows (s, &wo);
      if (count > 0 && count < 100000)
        {
          cw_dataset *ds = cw_series_window (s, &wo, &err);
          if (!ds)
            fuzz_check_error (&err);
          else
            {
              if (cw_dataset_n_samples (ds) != count)
                fuzz_fail ("cw_series_window made another number of windows than cw_series_count_windows", NULL);
              fuzz_touch_dataset (ds);
              cw_dataset_free (ds);
            }
        }
    }
  free (peaks);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  fuzz_sink += cw_series_looks_like_recording ((const char *) data, size);

  cw_series_options options[2] = { { 0 }, { 0 } };
  options[1].time_column = "";
  options[1].rate = 100;
  for (int k = 0; k < 2; k++)
    {
      cw_error err;
      cw_series *s = cw_series_parse_csv ((const char *) data, size, "fuzz.csv", &options[k], &err);
      if (!s)
        fuzz_check_error (&err);
      else
        {
          use_series (s);
          cw_series_free (s);
        }
    }

  cw_error err;
  cw_annotations *a = cw_annotations_parse_csv ((const char *) data, size, "fuzz-annotations.csv", &err);
  if (!a)
    fuzz_check_error (&err);
  else
    {
      for (int i = 0; i < a->n; i++)
        {
          fuzz_sink += a->time[i];
          fuzz_touch_string (a->label[i]);
        }
      cw_annotations_free (a);
    }
  return 0;
}
