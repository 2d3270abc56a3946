/* replay.c — a main for the fuzz harnesses outside libFuzzer: every file named on the command line, and
 * every file in every folder named there, goes once through LLVMFuzzerTestOneInput. Registered with meson
 * test over tests/fuzz/corpus/NAME and tests/fuzz/regressions/NAME, so the ordinary (gcc) suite and its
 * ASan/UBSan run replay the corpus and every input that once crashed a reader. A path that does not exist is
 * skipped (a harness may have no regressions yet). Exits non-zero when nothing was replayed. */
#include "fuzz.h"

#include <dirent.h>
#include <sys/stat.h>

static int replayed;

static void
replay_file (const char *path)
{
  FILE *f = fopen (path, "rb");
  if (!f)
    {
      fprintf (stderr, "replay: cannot open %s\n", path);
      exit (1);
    }
  size_t cap = 4096, size = 0;
  unsigned char *data = malloc (cap);
  size_t got;
  while (data && (got = fread (data + size, 1, cap - size, f)) > 0)
    {
      size += got;
      if (size == cap)
        data = realloc (data, cap *= 2);
    }
  fclose (f);
  if (!data)
    abort ();
  /* An exact-size copy, as libFuzzer gives it: reading one byte past the input is caught under ASan. */
  unsigned char *exact = malloc (size ? size : 1);
  if (!exact)
    abort ();
  memcpy (exact, data, size);
  free (data);
  printf ("%s (%zu bytes)\n", path, size);
  fflush (stdout);
  LLVMFuzzerTestOneInput (exact, size);
  free (exact);
  replayed++;
}

static int
compare_names (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static void
replay_path (const char *path)
{
  struct stat st;
  if (stat (path, &st) != 0)
    return;
  if (!S_ISDIR (st.st_mode))
    {
      replay_file (path);
      return;
    }
  DIR *dir = opendir (path);
  if (!dir)
    return;
  char **names = NULL;
  size_t n = 0;
  struct dirent *e;
  while ((e = readdir (dir)))
    {
      if (e->d_name[0] == '.')
        continue;
      names = realloc (names, (n + 1) * sizeof *names);
      if (!names)
        abort ();
      size_t len = strlen (path) + strlen (e->d_name) + 2;
      names[n] = malloc (len);
      snprintf (names[n], len, "%s/%s", path, e->d_name);
      n++;
    }
  closedir (dir);
  qsort (names, n, sizeof *names, compare_names);
  for (size_t i = 0; i < n; i++)
    {
      replay_path (names[i]);
      free (names[i]);
    }
  free (names);
}

int
main (int argc, char **argv)
{
  for (int i = 1; i < argc; i++)
    replay_path (argv[i]);
  printf ("replayed %d inputs\n", replayed);
  return replayed > 0 ? 0 : 1;
}
