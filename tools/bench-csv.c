/* bench-csv.c — times the CSV reader, side by side with pandas.read_csv (tools/pandas_csv_bench.py):
 *
 *   build-NAME/tools/bench-csv FILE.csv [repeats]        times cw_dataset_load_csv on FILE
 *   build-NAME/tools/bench-csv --write ROWS COLS FILE    writes a wide CSV of ROWS x COLS signals (6
 *                                                         significant digits, a meta:id and a target:y)
 *   /usr/bin/python3 tools/pandas_csv_bench.py FILE.csv [repeats]
 *
 * Prints the median and fastest of `repeats` loads in seconds, the resident memory after the load (the
 * dataset alone, everything else freed) and at its peak, both against the float32 size of the signals.
 * Not part of the test suite: timings do not belong in tests. */
#include "cw-data.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double
now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* Resident set size now, in MB (Linux /proc). */
static double
rss_now_mb (void)
{
  FILE *f = fopen ("/proc/self/statm", "r");
  long pages = 0, resident = 0;
  if (f)
    {
      if (fscanf (f, "%ld %ld", &pages, &resident) != 2)
        resident = 0;
      fclose (f);
    }
  return resident * 4096.0 / 1e6;
}

static int
write_csv (int rows, int cols, const char *path)
{
  FILE *f = fopen (path, "w");
  if (!f)
    {
      perror (path);
      return 1;
    }
  fputs ("meta:id,target:y", f);
  for (int c = 0; c < cols; c++)
    fprintf (f, ",%d", 1000 + 2 * c);
  fputc ('\n', f);
  cw_rng rng;
  cw_rng_seed (&rng, 1);
  for (int r = 0; r < rows; r++)
    {
      /* A smooth spectrum-like row: a random walk, as instruments' spectra are correlated along the axis. */
      double level = cw_rng_normal (&rng);
      fprintf (f, "s%d,%.6g", r, level);
      for (int c = 0; c < cols; c++)
        {
          level += 0.05 * cw_rng_normal (&rng);
          fprintf (f, ",%.6g", level);
        }
      fputc ('\n', f);
    }
  return fclose (f) == 0 ? 0 : 1;
}

int
main (int argc, char **argv)
{
  if (argc >= 5 && strcmp (argv[1], "--write") == 0)
    return write_csv (atoi (argv[2]), atoi (argv[3]), argv[4]);
  if (argc < 2)
    {
      fprintf (stderr, "usage: bench-csv FILE.csv [repeats] | bench-csv --write ROWS COLS FILE.csv\n");
      return 2;
    }
  int repeats = argc > 2 ? atoi (argv[2]) : 5;
  if (repeats < 1)
    repeats = 1;
  double *times = calloc ((size_t) repeats, sizeof *times);
  double base = rss_now_mb (), after = 0;
  int n = 0, length = 0;
  for (int i = 0; i < repeats; i++)
    {
      cw_error err;
      double t0 = now ();
      cw_dataset *ds = cw_dataset_load_csv (argv[1], NULL, &err);
      times[i] = now () - t0;
      if (!ds)
        {
          fprintf (stderr, "load failed: %s\n", err.message);
          return 1;
        }
      n = cw_dataset_n_samples (ds);
      length = cw_dataset_length (ds);
      after = rss_now_mb () - base;
      cw_dataset_free (ds);
    }
  qsort (times, (size_t) repeats, sizeof *times, compare_double);
  struct rusage ru;
  getrusage (RUSAGE_SELF, &ru);
  double floats = (double) n * length * 4 / 1e6;
  printf ("conv1d  %s: %d x %d, median %.3f s, fastest %.3f s over %d; memory after load %.0f MB (%.2fx the "
          "%.0f MB of float32 signals), peak %.0f MB (%.2fx)\n",
          argv[1], n, length, times[repeats / 2], times[0], repeats, after, after / floats, floats,
          ru.ru_maxrss / 1e3, ru.ru_maxrss / 1e3 / floats);
  free (times);
  return 0;
}
