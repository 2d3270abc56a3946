/* cw-background.h — running a GTask's work where it cannot slow the window down. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* g_task_run_in_thread, with the worker thread (and the engine's compute threads it starts) at a lower
 * scheduling priority than the main thread: on a machine with as many busy workers as cores, the window
 * still gets a core the moment it needs one (page switches, redraws), and the work runs at full speed
 * whenever the window is idle. */
void cw_task_run_in_background (GTask *task, GTaskThreadFunc func);

G_END_DECLS
