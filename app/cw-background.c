/* cw-background.c — worker threads that yield to the main thread. */
#include "cw-background.h"

#ifdef __linux__
#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

/* The nice value of background work: 4 gives a thread about 40 % of the main thread's weight when both
 * want the same core (Linux CFS: 423 against 1024), and the whole core when the main thread sleeps. Not
 * more: other processes at the default priority (a parallel build, a test run) would starve the work. */
enum { BACKGROUND_NICE = 4 };

static GQuark
thread_func_quark (void)
{
  return g_quark_from_static_string ("cw-background-thread-func");
}

/* Linux sets priorities per thread (a thread id is a process id to setpriority); threads this thread
 * creates later inherit it. Raising it back needs privileges, so pool threads stay low: all of them run
 * background work. */
static void
lower_this_thread (void)
{
#ifdef __linux__
  pid_t tid = (pid_t) syscall (SYS_gettid);
  errno = 0;
  int current = getpriority (PRIO_PROCESS, (id_t) tid);
  if (errno == 0 && current < BACKGROUND_NICE)
    (void) setpriority (PRIO_PROCESS, (id_t) tid, BACKGROUND_NICE);
#endif
}

static void
run_lowered (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  GTaskThreadFunc func = (GTaskThreadFunc) g_object_get_qdata (G_OBJECT (task), thread_func_quark ());
  lower_this_thread ();
  func (task, source_object, task_data, cancellable);
}

void
cw_task_run_in_background (GTask *task, GTaskThreadFunc func)
{
  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (func != NULL);
  g_object_set_qdata (G_OBJECT (task), thread_func_quark (), (gpointer) func);
  g_task_run_in_thread (task, run_lowered);
}
