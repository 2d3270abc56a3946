/* cw-tsan-private.h — hand-off annotations for ThreadSanitizer builds (-Db_sanitize=thread, scripts/tsan).
 *
 * GLib's GMutex, GCond, GAsyncQueue and GTask's thread pool lock with futexes inside the uninstrumented
 * libglib, so ThreadSanitizer does not see that a task's data written on the main thread before
 * g_task_run_in_thread happens before the worker reads it, nor that a result the worker wrote before
 * g_task_return_* happens before the callback reads it. HANDOFF_RELEASE (p) on the writing side and
 * HANDOFF_ACQUIRE (p) on the reading side (with the same address p: the task, the job, the lock) tell it.
 * They compile to nothing in other builds, and are correct only where the real hand-off (a lock, the
 * task's queue) exists: they document a synchronisation, they do not make one. */
#pragma once

#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#define HANDOFF_RELEASE(p) __tsan_release ((void *) (p))
#define HANDOFF_ACQUIRE(p) __tsan_acquire ((void *) (p))
#else
#define HANDOFF_RELEASE(p) ((void) (p))
#define HANDOFF_ACQUIRE(p) ((void) (p))
#endif
