/* atomic-file.c — files written beside their target and renamed over it, so that a full disk, a crash
 * or a kill during a save leaves the previous file as it was. */
#include "cw-base.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

FILE *
cw_atomic_open (cw_atomic_file *af, const char *path, cw_error *err)
{
  memset (af, 0, sizeof *af);
  size_t len = strlen (path);
  af->path = malloc (len + 1);
  af->tmp = malloc (len + 8);
  if (!af->path || !af->tmp)
    {
      cw_atomic_abort (af);
      cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to write '%s'.", path);
      return NULL;
    }
  memcpy (af->path, path, len + 1);
  snprintf (af->tmp, len + 8, "%s.XXXXXX", path);
  /* mkstemp: a unique name in the target's own folder (rename never crosses file systems), 0600 */
  int fd = mkstemp (af->tmp);
  if (fd < 0 || !(af->file = fdopen (fd, "wb")))
    {
      int e = errno;
      if (fd >= 0)
        {
          close (fd);
          remove (af->tmp);
        }
      cw_error_set (err, CW_ERR_IO, 0, 0, "Cannot write '%s': %s.", path, strerror (e));
      free (af->tmp);
      af->tmp = NULL;
      cw_atomic_abort (af);
      return NULL;
    }
  /* mkstemp's 0600 would make every save private: take the umask's usual mode instead. */
  mode_t mask = umask (0);
  umask (mask);
  fchmod (fd, 0666 & ~mask);
  return af->file;
}

cw_status
cw_atomic_commit (cw_atomic_file *af, cw_error *err)
{
  /* After a failed buffered write, flushing again tries the rest and tells why (ENOSPC, EFBIG). */
  bool ok = !ferror (af->file);
  int e = 0;
  if (fflush (af->file) != 0)
    ok = false, e = errno;
  else if (!ok)
    e = EIO;
  if (ok && fsync (fileno (af->file)) != 0)
    ok = false, e = errno;
  if (fclose (af->file) != 0 && ok)
    ok = false, e = errno;
  af->file = NULL;
  if (ok && rename (af->tmp, af->path) != 0)
    ok = false, e = errno;
  cw_status st = CW_OK;
  if (!ok)
    st = cw_error_set (err, CW_ERR_IO, 0, 0, "Cannot write '%s': %s; the previous file is left as it was.",
                       af->path, e == EIO ? "writing failed (is the disk full?)" : strerror (e));
  cw_atomic_abort (af);
  return st;
}

void
cw_atomic_abort (cw_atomic_file *af)
{
  if (af->file)
    fclose (af->file);
  if (af->tmp)
    remove (af->tmp); /* after a successful rename the name is gone: nothing is removed */
  free (af->tmp);
  free (af->path);
  memset (af, 0, sizeof *af);
}
