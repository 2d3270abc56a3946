/* cw-parallel-private.h — the engine's own worker pool for splitting a loop over samples.
 *
 * Why not OpenMP: libgomp's idle threads spin (its wait policy is read from the environment once, at
 * load), so on a 2-core machine shared with a GUI, a compiler or another process, 2-thread training
 * collapsed to a fraction of 1-thread speed. This pool spins only briefly, then sleeps. */
#ifndef CW_PARALLEL_PRIVATE_H
#define CW_PARALLEL_PRIVATE_H

/* Called once per part with that part's half-open range [begin, end) (possibly empty) and its index. */
typedef void (*cw_parallel_fn) (void *ctx, int begin, int end, int part);

/* Splits [0, n) into `parts` contiguous chunks of ceil(n / parts) (the last ones may be short or empty)
 * and runs fn on each: part 0 on the calling thread, the others on pool workers. Returns when all are
 * done. `parts` is a thread count, so no result may depend on the partition: a sum over samples splits
 * the samples into cw_grad_chunks (n) chunks (cw-layer-private.h) and loops over those, never per part.
 * When the pool is busy (another thread, or a nested call) the parts run one after another on the
 * caller. */
void cw_parallel_for (int parts, int n, cw_parallel_fn fn, void *ctx);

#endif
