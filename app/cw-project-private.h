/* cw-project-private.h — what the files of CwProject share: the instance struct and its signals.
 * cw-project.c: the object, architecture and undo, settings, model, modified flag;
 * cw-project-data.c: data loading, defaults for new data, target and task, training arrays;
 * cw-project-io.c: .cwproj files. */
#pragma once

#include "cw-project.h"

struct _CwProject
{
  GObject parent_instance;

  /* owned: data */
  cw_dataset *dataset;
  GFile *data_file;
  char *data_checksum;
  int target;
  cw_task task;

  /* owned: architecture; the stacks hold cw_spec copies, most recent last */
  cw_spec *spec;
  GPtrArray *undo_stack;
  GPtrArray *redo_stack;

  /* owned: training settings */
  cw_train_config config;
  CwValidation validation;
  int threads;

  /* owned: result of the last training */
  cw_model *model;
  cw_history history;

  /* owned: the project file */
  GFile *file;
  gboolean modified;
};

enum
{
  CW_PROJECT_DATA_CHANGED,
  CW_PROJECT_SPEC_CHANGED,
  CW_PROJECT_SETTINGS_CHANGED,
  CW_PROJECT_MODEL_CHANGED,
  CW_PROJECT_N_SIGNALS
};

extern guint cw_project_signals[CW_PROJECT_N_SIGNALS];

void cw_project_validation_clear (CwValidation *validation);
