/* fuzz-spec.c — the architecture text (engine/spec-text.c, cw_spec_parse). A spec it accepts prints in
 * canonical form (cw_spec_to_string), which must parse back to an equal spec, and goes through shape
 * inference on two inputs (which may refuse it, with a message). */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  char *text = fuzz_text (data, size);
  cw_error err;
  cw_spec *spec = cw_spec_parse (text, &err);
  free (text);
  if (!spec)
    {
      fuzz_check_error (&err);
      return 0;
    }
  for (int i = 0; i < cw_spec_count (spec); i++)
    {
      char *token = cw_layer_spec_to_string (cw_spec_get (spec, i));
      fuzz_touch_string (token);
      free (token);
    }
  char *canonical = cw_spec_to_string (spec);
  cw_spec *back = cw_spec_parse (canonical, &err);
  if (!back)
    fuzz_fail ("the canonical form of a parsed spec does not parse", canonical);
  if (!cw_spec_equal (spec, back))
    fuzz_fail ("the canonical form of a parsed spec parses to another spec", canonical);
  cw_spec_free (back);
  free (canonical);

  static const int inputs[][2] = { { 1, 256 }, { 3, 1000 } };
  for (size_t k = 0; k < sizeof inputs / sizeof inputs[0]; k++)
    {
      int count = cw_spec_count (spec);
      cw_shape_info *info = calloc ((size_t) count + 1, sizeof *info);
      if (cw_spec_infer (spec, inputs[k][0], inputs[k][1], info, &err) != CW_OK)
        fuzz_check_error (&err);
      free (info);
    }
  cw_spec_free (spec);
  return 0;
}
