/* main.c — conv1d-workbench: the workbench window on the bundled example, or on the files given. */
#include <gtk/gtk.h>

#include "cw-application.h"

int
main (int argc, char *argv[])
{
  g_autoptr(CwApplication) app = cw_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
