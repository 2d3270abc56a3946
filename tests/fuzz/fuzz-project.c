/* fuzz-project.c — project files (.cwproj, app/cw-project-io-read.c, cw_project_load): json-glib's parser,
 * every member's type and range, the architecture and preprocessing texts, the base64 model inside (through
 * cw_model_load_bytes), the history and fit summary, applied to a small data file. cw_project_load takes a
 * GFile: the input is written to a project file in a private temporary folder next to data.csv, which the
 * corpus's projects name. So that no input reaches files outside that folder, inputs whose data member
 * names another place (a path with a folder in it, "absolute_path", "uri") are skipped. GLib criticals
 * abort: they are programmer errors. */
#include "fuzz.h"
#include "cw-project.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

/* 12 samples of 16 points, a numeric and a class target, a meta column. */
static const char data_csv[] =
  "meta:name,target:octane,target:kind,900,902,904,906,908,910,912,914,916,918,920,922,924,926,928,930\n"
  "a,85.1,low,0.10,0.12,0.15,0.19,0.24,0.30,0.37,0.45,0.52,0.58,0.62,0.64,0.63,0.60,0.55,0.49\n"
  "b,86.4,low,0.11,0.13,0.16,0.20,0.25,0.31,0.38,0.46,0.54,0.60,0.64,0.66,0.65,0.61,0.56,0.50\n"
  "c,87.0,mid,0.09,0.11,0.14,0.18,0.23,0.29,0.36,0.44,0.51,0.57,0.61,0.63,0.62,0.59,0.54,0.48\n"
  "d,88.2,mid,0.12,0.14,0.17,0.21,0.26,0.32,0.39,0.47,0.55,0.61,0.65,0.67,0.66,0.62,0.57,0.51\n"
  "e,88.9,mid,0.10,0.12,0.16,0.20,0.25,0.32,0.40,0.48,0.56,0.62,0.66,0.68,0.67,0.63,0.58,0.52\n"
  "f,89.5,high,0.13,0.15,0.18,0.22,0.27,0.33,0.40,0.48,0.56,0.63,0.67,0.69,0.68,0.64,0.59,0.53\n"
  "g,84.7,low,0.08,0.10,0.13,0.17,0.22,0.28,0.35,0.43,0.50,0.56,0.60,0.62,0.61,0.58,0.53,0.47\n"
  "h,86.0,low,0.10,0.13,0.15,0.19,0.25,0.30,0.38,0.45,0.53,0.59,0.63,0.65,0.64,0.60,0.56,0.49\n"
  "i,87.7,mid,0.11,0.12,0.16,0.20,0.24,0.31,0.37,0.46,0.53,0.59,0.63,0.65,0.64,0.61,0.55,0.50\n"
  "j,89.9,high,0.14,0.16,0.19,0.23,0.28,0.34,0.41,0.49,0.57,0.64,0.68,0.70,0.69,0.65,0.60,0.54\n"
  "k,88.5,mid,0.12,0.14,0.17,0.21,0.27,0.33,0.40,0.47,0.55,0.62,0.66,0.68,0.67,0.63,0.58,0.52\n"
  "l,90.3,high,0.15,0.17,0.20,0.24,0.29,0.35,0.42,0.50,0.58,0.65,0.69,0.71,0.70,0.66,0.61,0.55\n";

static char *folder, *project_path, *data_path;

static void
remove_folder (void)
{
  g_remove (project_path);
  g_remove (data_path);
  g_rmdir (folder);
}

static void
setup (void)
{
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  folder = g_dir_make_tmp ("cw-fuzz-project-XXXXXX", NULL);
  if (!folder)
    fuzz_fail ("no temporary folder", NULL);
  project_path = g_build_filename (folder, "fuzz.cwproj", NULL);
  data_path = g_build_filename (folder, "data.csv", NULL);
  if (!g_file_set_contents (data_path, data_csv, -1, NULL))
    fuzz_fail ("cannot write the data file", data_path);
  atexit (remove_folder);
}

/* False when the project's data member could name a file outside the temporary folder. */
static bool
stays_inside (const uint8_t *data, size_t size)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, (const char *) data, (gssize) size, NULL))
    return true; /* the loader stops at the same error */
  JsonNode *root = json_parser_get_root (parser);
  if (!root || !JSON_NODE_HOLDS_OBJECT (root))
    return true;
  JsonNode *node = json_object_get_member (json_node_get_object (root), "data");
  if (!node || !JSON_NODE_HOLDS_OBJECT (node))
    return true;
  JsonObject *d = json_node_get_object (node);
  if (json_object_has_member (d, "absolute_path") || json_object_has_member (d, "uri"))
    return false;
  JsonNode *path = json_object_get_member (d, "path");
  if (path && JSON_NODE_HOLDS_VALUE (path) && json_node_get_value_type (path) == G_TYPE_STRING)
    {
      const char *p = json_node_get_string (path);
      if (strchr (p, '/') || strchr (p, '\\') || strcmp (p, ".") == 0 || strcmp (p, "..") == 0 || p[0] == '\0')
        return false;
    }
  return true;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (!folder)
    setup ();
  if (!stays_inside (data, size))
    return 0;
  if (!g_file_set_contents (project_path, (const char *) data, (gssize) size, NULL))
    fuzz_fail ("cannot write the project file", project_path);
  g_autoptr (GFile) file = g_file_new_for_path (project_path);
  g_autoptr (GError) error = NULL;
  g_autofree char *warning = NULL;
  CwProject *project = cw_project_load (file, &warning, &error);
  if (!project)
    {
      if (!error || !error->message || !error->message[0])
        fuzz_fail ("a project that does not load without a message", NULL);
    }
  else
    {
      if (error)
        fuzz_fail ("a project that loads with an error set", error->message);
      fuzz_touch_string (warning);
      g_object_unref (project);
    }
  return 0;
}
