/* parallel.c — a small fork-join pool: brief spinning for low latency between layers, then sleeping so
 * idle workers never steal a core from the GUI or another process. */
#include "cw-parallel-private.h"

#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define cpu_relax() _mm_pause ()
#else
#define cpu_relax() ((void) 0)
#endif

enum { MAX_WORKERS = 63, SPIN_ROUNDS = 4000 };

static struct
{
  pthread_mutex_t dispatch;   /* one job at a time */
  pthread_mutex_t sleep_lock;
  pthread_cond_t wake;        /* workers wait here for a new generation */
  pthread_cond_t finished;    /* the dispatcher waits here for the last part */
  int n_workers;
  unsigned start_generation[MAX_WORKERS];
  /* the current job, written by the dispatcher before the generation is bumped */
  cw_parallel_fn fn;
  void *ctx;
  int n, parts, chunk;
  atomic_uint generation;
  atomic_int remaining;       /* workers that have not finished the current generation */
  int sleepers;               /* guarded by sleep_lock */
  bool dispatcher_asleep;     /* guarded by sleep_lock */
} pool = {
  .dispatch = PTHREAD_MUTEX_INITIALIZER,
  .sleep_lock = PTHREAD_MUTEX_INITIALIZER,
  .wake = PTHREAD_COND_INITIALIZER,
  .finished = PTHREAD_COND_INITIALIZER,
};

static void
run_part (int part)
{
  int begin = part * pool.chunk;
  int end = begin + pool.chunk;
  if (begin > pool.n)
    begin = pool.n;
  if (end > pool.n)
    end = pool.n;
  pool.fn (pool.ctx, begin, end, part);
}

static void *
worker_main (void *arg)
{
  int index = (int) (intptr_t) arg; /* worker i runs part i + 1 */
  /* The generation current when this worker was created, not when it first runs: the job that created
   * it may already have been posted by then, and the worker must take part in it. */
  unsigned seen = pool.start_generation[index];
  for (;;)
    {
      unsigned gen;
      int spins = 0;
      while ((gen = atomic_load_explicit (&pool.generation, memory_order_acquire)) == seen
             && spins++ < SPIN_ROUNDS)
        cpu_relax ();
      if (gen == seen)
        {
          pthread_mutex_lock (&pool.sleep_lock);
          pool.sleepers++;
          while ((gen = atomic_load (&pool.generation)) == seen)
            pthread_cond_wait (&pool.wake, &pool.sleep_lock);
          pool.sleepers--;
          pthread_mutex_unlock (&pool.sleep_lock);
        }
      seen = gen;
      if (index + 1 < pool.parts)
        run_part (index + 1);
      if (atomic_fetch_sub_explicit (&pool.remaining, 1, memory_order_acq_rel) == 1)
        {
          pthread_mutex_lock (&pool.sleep_lock);
          if (pool.dispatcher_asleep)
            pthread_cond_signal (&pool.finished);
          pthread_mutex_unlock (&pool.sleep_lock);
        }
    }
  return NULL;
}

/* Called with pool.dispatch held. Returns false when no thread could be started. */
static bool
ensure_workers (int wanted)
{
  if (wanted > MAX_WORKERS)
    wanted = MAX_WORKERS;
  while (pool.n_workers < wanted)
    {
      pthread_t thread;
      pthread_attr_t attr;
      pthread_attr_init (&attr);
      pthread_attr_setdetachstate (&attr, PTHREAD_CREATE_DETACHED);
      pool.start_generation[pool.n_workers] = atomic_load (&pool.generation);
      int rc = pthread_create (&thread, &attr, worker_main, (void *) (intptr_t) pool.n_workers);
      pthread_attr_destroy (&attr);
      if (rc != 0)
        return pool.n_workers >= wanted;
      pool.n_workers++;
    }
  return true;
}

void
cw_parallel_for (int parts, int n, cw_parallel_fn fn, void *ctx)
{
  assert (fn != NULL);
  if (parts < 1)
    parts = 1;
  int chunk = n > 0 ? (n + parts - 1) / parts : 0;

  if (parts == 1 || pthread_mutex_trylock (&pool.dispatch) != 0)
    {
      for (int p = 0; p < parts; p++)
        {
          int begin = p * chunk < n ? p * chunk : n;
          int end = begin + chunk < n ? begin + chunk : n;
          fn (ctx, begin, end, p);
        }
      return;
    }
  if (!ensure_workers (parts - 1) || pool.n_workers < parts - 1)
    {
      pthread_mutex_unlock (&pool.dispatch);
      for (int p = 0; p < parts; p++)
        {
          int begin = p * chunk < n ? p * chunk : n;
          int end = begin + chunk < n ? begin + chunk : n;
          fn (ctx, begin, end, p);
        }
      return;
    }

  pool.fn = fn;
  pool.ctx = ctx;
  pool.n = n;
  pool.parts = parts;
  pool.chunk = chunk;
  atomic_store (&pool.remaining, pool.n_workers);
  atomic_fetch_add_explicit (&pool.generation, 1, memory_order_release);
  pthread_mutex_lock (&pool.sleep_lock);
  if (pool.sleepers > 0)
    pthread_cond_broadcast (&pool.wake);
  pthread_mutex_unlock (&pool.sleep_lock);

  run_part (0);

  int spins = 0;
  while (atomic_load_explicit (&pool.remaining, memory_order_acquire) != 0 && spins++ < SPIN_ROUNDS)
    cpu_relax ();
  if (atomic_load (&pool.remaining) != 0)
    {
      pthread_mutex_lock (&pool.sleep_lock);
      pool.dispatcher_asleep = true;
      while (atomic_load (&pool.remaining) != 0)
        pthread_cond_wait (&pool.finished, &pool.sleep_lock);
      pool.dispatcher_asleep = false;
      pthread_mutex_unlock (&pool.sleep_lock);
    }
  pthread_mutex_unlock (&pool.dispatch);
}
