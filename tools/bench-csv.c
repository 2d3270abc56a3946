/* bench-csv.c — times the CSV reader on a generated wide file (default 20,000 rows x 1,000 signal
 * columns, about 100 MB) written to a temporary directory and removed afterwards.
 *
 * Not part of the build (timings do not belong in unit tests). From the repository root:
 *   cc -O2 -D_GNU_SOURCE -Iengine tools/bench-csv.c build-NAME/engine/libcw.a \
 *      -lopenblas -fopenmp -lm -o /tmp/bench-csv && /tmp/bench-csv [rows] [columns] [digits]
 * digits: significant digits per value (default 7; 17 exercises the slow, strtod path). */
#include "cw-data.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double
now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int
main (int argc, char **argv)
{
  int rows = argc > 1 ? atoi (argv[1]) : 20000;
  int cols = argc > 2 ? atoi (argv[2]) : 1000;
  int digits = argc > 3 ? atoi (argv[3]) : 7;
  char dir[] = "/tmp/cw-bench-csv-XXXXXX";
  if (!mkdtemp (dir))
    {
      perror ("mkdtemp");
      return 1;
    }
  char path[64];
  snprintf (path, sizeof path, "%s/big.csv", dir);
  FILE *f = fopen (path, "w");
  if (!f)
    {
      perror (path);
      return 1;
    }
  double t0 = now ();
  fputs ("meta:id,target:y", f);
  for (int c = 0; c < cols; c++)
    fprintf (f, ",%d", 1000 + 2 * c);
  fputc ('\n', f);
  cw_rng rng;
  cw_rng_seed (&rng, 1);
  for (int r = 0; r < rows; r++)
    {
      fprintf (f, "s%d,%.4f", r, cw_rng_normal (&rng));
      for (int c = 0; c < cols; c++)
        fprintf (f, ",%.*g", digits, cw_rng_normal (&rng));
      fputc ('\n', f);
    }
  long size = ftell (f);
  fclose (f);
  double t1 = now ();
  fprintf (stderr, "wrote %d x %d (%.1f MB) in %.2f s\n", rows, cols, size / 1e6, t1 - t0);

  cw_error err;
  double t2 = now ();
  cw_dataset *ds = cw_dataset_load_csv (path, NULL, &err);
  double t3 = now ();
  if (!ds)
    fprintf (stderr, "load failed: %s\n", err.message);
  else
    fprintf (stderr, "loaded %d x %d in %.3f s (%.0f MB/s)\n", cw_dataset_n_samples (ds),
             cw_dataset_length (ds), t3 - t2, size / 1e6 / (t3 - t2));
  cw_dataset_free (ds);
  unlink (path);
  rmdir (dir);
  return ds ? 0 : 1;
}
