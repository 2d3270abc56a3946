/* model-record.c — how the model was made: ordered key/value texts kept (and saved) with it. */
#include "cw-model-private.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

static int
find_key (const cw_model *m, const char *key)
{
  for (int i = 0; i < m->n_info; i++)
    if (strcmp (m->info_keys[i], key) == 0)
      return i;
  return -1;
}

/* A new value replaces the old one in place, so a key keeps the position it was first given. */
void
cw_model_set_info (cw_model *m, const char *key, const char *value)
{
  assert (m && key && key[0] && "a record key is a non-empty text");
  int at = find_key (m, key);
  if (!value)
    {
      if (at < 0)
        return;
      free (m->info_keys[at]);
      free (m->info_values[at]);
      memmove (&m->info_keys[at], &m->info_keys[at + 1], (size_t) (m->n_info - at - 1) * sizeof (char *));
      memmove (&m->info_values[at], &m->info_values[at + 1], (size_t) (m->n_info - at - 1) * sizeof (char *));
      m->n_info--;
      return;
    }
  char *copy = strdup (value);
  assert (copy);
  if (at >= 0)
    {
      free (m->info_values[at]);
      m->info_values[at] = copy;
      return;
    }
  char **keys = realloc (m->info_keys, (size_t) (m->n_info + 1) * sizeof (char *));
  assert (keys);
  m->info_keys = keys;
  char **values = realloc (m->info_values, (size_t) (m->n_info + 1) * sizeof (char *));
  assert (values);
  m->info_values = values;
  m->info_keys[m->n_info] = strdup (key);
  m->info_values[m->n_info] = copy;
  m->n_info++;
}

const char *
cw_model_get_info (const cw_model *m, const char *key)
{
  assert (m && key);
  int at = find_key (m, key);
  return at < 0 ? NULL : m->info_values[at];
}

int
cw_model_n_info (const cw_model *m)
{
  return m->n_info;
}

const char *
cw_model_info_key (const cw_model *m, int index)
{
  assert (index >= 0 && index < m->n_info);
  return m->info_keys[index];
}

void
cw_model_copy_record (cw_model *dst, const cw_model *src)
{
  for (int i = 0; i < src->n_info; i++)
    cw_model_set_info (dst, src->info_keys[i], src->info_values[i]);
}

void
cw_model_free_record (cw_model *m)
{
  for (int i = 0; i < m->n_info; i++)
    {
      free (m->info_keys[i]);
      free (m->info_values[i]);
    }
  free (m->info_keys);
  free (m->info_values);
  m->info_keys = m->info_values = NULL;
  m->n_info = 0;
}
