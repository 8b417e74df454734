/*
 * nasheq.h — the C ABI of Nash's expert-weighting API (libCNash.so).
 *
 * Equilibrium routing for Mixture-of-Experts routers (top-k of score − price with per-expert capacity;
 * prices persist in the router between calls) and robust (minimax) ensemble weights, for callers in
 * C, C++, Go (cgo), Rust or Python (ctypes). No Swift type crosses this boundary: handles are opaque,
 * the caller allocates every output, and layouts are row-major.
 *
 * Errors: every function that can fail returns NASHEQ_OK (0) or a negative NASHEQ_* code, and
 * nasheq_last_error() then describes the failure (per thread). No function aborts on bad arguments.
 *
 * Threads: a router handle is not reentrant — route through one handle from one thread at a time.
 * Different handles may be used from different threads concurrently. nasheq_minimax is thread-safe.
 *
 * Build and link: swift build -c release --product CNash, then
 *   cc -I Sources/CNashABI/include app.c -L .build/release -lCNash -Wl,-rpath,.build/release
 * See Examples/c-abi/ for a C program and a Python script.
 */
#ifndef NASHEQ_H
#define NASHEQ_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The version of this header's ABI; nasheq_abi_version() returns the library's. */
#define NASHEQ_ABI_VERSION 1

/* Return codes. */
#define NASHEQ_OK 0
#define NASHEQ_INVALID_ARGUMENT (-1) /* null pointer, bad size or option, buffer too small */
#define NASHEQ_NON_FINITE (-2)       /* a NaN or infinite input value */
#define NASHEQ_INFEASIBLE (-3)       /* constraints that cannot be met */
#define NASHEQ_INTERNAL (-4)         /* a failure the inputs do not explain */

/* nasheq_router_config.score_fn: how weights are computed from the raw scores. */
#define NASHEQ_SCORE_SOFTMAX 0
#define NASHEQ_SCORE_SIGMOID 1
#define NASHEQ_SCORE_SQRT_SOFTPLUS 2
#define NASHEQ_SCORE_IDENTITY 3

/* nasheq_router_config.solver: how prices are computed. */
#define NASHEQ_SOLVER_NONE 0             /* plain top-k (vLLM fused_topk parity) */
#define NASHEQ_SOLVER_SIGN_STEP 1        /* DeepSeek-V3 loss-free bias: one sign step of size gamma per call */
#define NASHEQ_SOLVER_BLOCK_COORDINATE 2 /* dual block-coordinate steps, midpoint rule, then repair (default) */
#define NASHEQ_SOLVER_SINKHORN 3         /* S-BASE */
#define NASHEQ_SOLVER_EXACT 4            /* the exact LP optimum (small batches, tests) */

/* nasheq_router_config.overflow */
#define NASHEQ_OVERFLOW_REROUTE 0 /* a token over capacity goes to its best expert with room */
#define NASHEQ_OVERFLOW_DROP 1    /* Switch/GShard: the slot is dropped (id -1, weight 0) */

/* nasheq_router_config.price_space */
#define NASHEQ_PRICE_SPACE_LOGITS 0
#define NASHEQ_PRICE_SPACE_SCORES 1

/* nasheq_minimax method */
#define NASHEQ_MINIMAX_EXACT 0            /* linear programming (worst case) or a convex solve (entropic) */
#define NASHEQ_MINIMAX_OPTIMISTIC_HEDGE 1 /* optimistic multiplicative weights, warm-startable */

/** An equilibrium router: its configuration and its prices. Opaque. */
typedef struct nasheq_router nasheq_router;

/** A router's configuration. Zero-initialise it, then set at least experts, k, solver and a capacity. */
typedef struct {
    int32_t experts;         /* E >= 1 */
    int32_t k;               /* 1 <= k <= E: experts per token */
    int32_t score_fn;        /* NASHEQ_SCORE_* */
    int32_t solver;          /* NASHEQ_SOLVER_* */
    int32_t max_iterations;  /* block-coordinate / Sinkhorn iterations; 0 = the solver's default */
    float gamma;             /* sign-step size; 0 = 1e-3 */
    float tolerance;         /* block-coordinate / Sinkhorn stopping tolerance; 0 = the default */
    float capacity_factor;   /* C = ceil(f * T * k / E) per expert; <= 0 with capacity == NULL: unbounded */
    const int32_t *capacity; /* [experts] per-expert capacities (copied), or NULL to use capacity_factor */
    int32_t overflow;        /* NASHEQ_OVERFLOW_* */
    int32_t renormalize;     /* nonzero: the k gathered weights are renormalised to sum to route_scale */
    int32_t price_space;     /* NASHEQ_PRICE_SPACE_* */
    float route_scale;       /* weights are multiplied by it; 0 = 1 */
} nasheq_router_config;

/** What one routing call did, and its certificate. */
typedef struct {
    int32_t iterations; /* price-solver iterations this call */
    int32_t overflow;   /* slots over capacity before repair */
    int32_t rerouted;   /* slots moved to another expert by the repair */
    int32_t dropped;    /* slots left unassigned (id -1); 0 whenever total capacity >= T*k */
    double max_over_mean; /* max load / mean load */
    double primal;        /* total selected score */
    double dual;          /* the dual bound at the returned prices */
    double gap_per_token; /* (dual - primal) / T >= 0: how far from the optimal routing, at most */
} nasheq_route_stats;

/** The ABI version of the loaded library (compare with NASHEQ_ABI_VERSION). */
int32_t nasheq_abi_version(void);

/** Creates a router with zero prices. On success *out holds the handle; free it with nasheq_router_destroy. */
int32_t nasheq_router_create(const nasheq_router_config *config, nasheq_router **out);

/**
 * Routes one batch. scores: tokens rows of row_stride floats (row_stride >= experts), row-major.
 * out_ids, out_weights: tokens*k each, per token in order of reduced score; -1 and 0 for dropped slots.
 * out_load: [experts] or NULL. stats: or NULL. tokens == 0 leaves the prices unchanged.
 * Prices are updated in the router (that is the adaptive part) unless an error is returned.
 */
int32_t nasheq_router_route(nasheq_router *router, const float *scores, int64_t tokens, int64_t row_stride,
                            int32_t *out_ids, float *out_weights, int32_t *out_load,
                            nasheq_route_stats *stats);

/** Copies the router's n == experts prices into out. */
int32_t nasheq_router_get_prices(const nasheq_router *router, float *out, int32_t n);

/** Replaces the router's prices (n == experts, finite). */
int32_t nasheq_router_set_prices(nasheq_router *router, const float *prices, int32_t n);

/** Adapts the prices from externally counted loads (n == experts) of a batch of `tokens` tokens. */
int32_t nasheq_router_observe_load(nasheq_router *router, const int32_t *load, int32_t n, int64_t tokens);

/** Frees a router. NULL is allowed. */
void nasheq_router_destroy(nasheq_router *router);

/**
 * Robust ensemble weights of an experts-by-scenarios payoff table (payoff: m rows of n, row-major; the value
 * of expert i under scenario j). tau == 0: worst case (maximin); tau > 0: entropic risk with the scenario
 * prior (n values summing to 1, or NULL for uniform). method: NASHEQ_MINIMAX_*. max_iterations and
 * tolerance apply to the iterative method (0 = defaults). warm_w [m] / warm_q [n]: a previous answer, or
 * NULL (both or neither). Outputs: out_w [m], out_q [n], out_bounds = {lower, upper, value},
 * iterations (nullable). lower <= optimum <= upper is certified from the payoffs.
 */
int32_t nasheq_minimax(const double *payoff, int32_t m, int32_t n, int32_t method, double tau,
                       const double *prior, int32_t max_iterations, double tolerance,
                       const double *warm_w, const double *warm_q,
                       double *out_w, double *out_q, double out_bounds[3], int32_t *iterations);

/** The message of the last failure on this thread ("" if none). Valid until the next call on this thread. */
const char *nasheq_last_error(void);

#ifdef __cplusplus
}
#endif

#endif /* NASHEQ_H */
