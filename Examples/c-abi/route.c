/*
 * A C program that routes batches of MoE router scores through libCNash and computes robust weights.
 *
 *   swift build -c release --product CNash
 *   cc -std=c11 -O2 -I Sources/CNashABI/include Examples/c-abi/route.c \
 *      -L .build/release -lCNash -Wl,-rpath,$PWD/.build/release -lm -o /tmp/route && /tmp/route
 *
 * It checks the router's promises itself (capacity, distinct experts, weights summing to 1, no drops)
 * and exits 1 if any is broken, so the test suite can run it.
 */
#include "nasheq.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { EXPERTS = 8, K = 2, TOKENS = 256, BATCHES = 5 };

static uint64_t rng_state = 42;

/* A uniform double in [0, 1) (SplitMix64). */
static double uniform(void) {
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return (double)(z >> 11) * 0x1.0p-53;
}

static int failures = 0;

static void check(int condition, const char *what) {
    if (!condition) {
        fprintf(stderr, "FAILED: %s\n", what);
        failures++;
    }
}

static void expect_error(int32_t code, int32_t expected, const char *what) {
    printf("%-34s -> %d (%s)\n", what, code, nasheq_last_error());
    check(code == expected, what);
}

int main(void) {
    printf("nasheq ABI version %d (header %d)\n", nasheq_abi_version(), NASHEQ_ABI_VERSION);
    check(nasheq_abi_version() == NASHEQ_ABI_VERSION, "ABI version matches the header");

    nasheq_router_config config = {0};
    config.experts = EXPERTS;
    config.k = K;
    config.score_fn = NASHEQ_SCORE_SOFTMAX;
    config.solver = NASHEQ_SOLVER_BLOCK_COORDINATE;
    config.capacity_factor = 1.0f;
    config.renormalize = 1;

    nasheq_router *router = NULL;
    int32_t code = nasheq_router_create(&config, &router);
    if (code != NASHEQ_OK) {
        fprintf(stderr, "nasheq_router_create: %d %s\n", code, nasheq_last_error());
        return 1;
    }

    /* Skewed scores: expert 0 is popular, so plain top-k would overload it. */
    static float scores[TOKENS * EXPERTS];
    static int32_t ids[TOKENS * K];
    static float weights[TOKENS * K];
    int32_t load[EXPERTS];
    float prices[EXPERTS];
    const int capacity = (int)ceil(1.0 * TOKENS * K / EXPERTS);

    for (int batch = 0; batch < BATCHES; batch++) {
        for (int t = 0; t < TOKENS; t++)
            for (int e = 0; e < EXPERTS; e++)
                scores[t * EXPERTS + e] = (float)(2.0 * uniform() + (e == 0 ? 1.5 : 0.0) + (e == 1 ? 0.7 : 0.0));
        nasheq_route_stats stats;
        code = nasheq_router_route(router, scores, TOKENS, EXPERTS, ids, weights, load, &stats);
        if (code != NASHEQ_OK) {
            fprintf(stderr, "nasheq_router_route: %d %s\n", code, nasheq_last_error());
            return 1;
        }
        int max_load = 0;
        for (int e = 0; e < EXPERTS; e++) {
            check(load[e] <= capacity, "load <= capacity");
            if (load[e] > max_load) max_load = load[e];
        }
        for (int t = 0; t < TOKENS; t++) {
            check(ids[t * K] != ids[t * K + 1], "a token's experts are distinct");
            check(ids[t * K] >= 0 && ids[t * K + 1] >= 0, "no slot dropped");
            check(fabsf(weights[t * K] + weights[t * K + 1] - 1.0f) < 1e-5f, "weights sum to 1");
        }
        check(stats.dropped == 0, "stats.dropped == 0");
        check(stats.gap_per_token >= -1e-6, "gap_per_token >= 0");
        nasheq_router_get_prices(router, prices, EXPERTS);
        printf("batch %d: max load %d (capacity %d), rerouted %d, gap/token %.4f, price[0] %.3f\n", batch,
               max_load, capacity, stats.rerouted, stats.gap_per_token, prices[0]);
    }
    check(prices[0] > 0.0f, "the popular expert is priced");

    /* Prices can be saved and restored (e.g. across processes), and adapted from counts alone. */
    float saved[EXPERTS], restored[EXPERTS];
    for (int e = 0; e < EXPERTS; e++) saved[e] = prices[e];
    check(nasheq_router_set_prices(router, saved, EXPERTS) == NASHEQ_OK, "set_prices");
    check(nasheq_router_get_prices(router, restored, EXPERTS) == NASHEQ_OK, "get_prices");
    for (int e = 0; e < EXPERTS; e++) check(restored[e] == saved[e], "prices round trip");
    int32_t counted[EXPERTS] = {TOKENS * K, 0, 0, 0, 0, 0, 0, 0}; /* everything went to expert 0 */
    check(nasheq_router_observe_load(router, counted, EXPERTS, TOKENS) == NASHEQ_OK, "observe_load");
    nasheq_router_get_prices(router, restored, EXPERTS);
    printf("after observing an overloaded expert 0: price[0] %.3f -> %.3f\n", saved[0], restored[0]);
    check(restored[0] > saved[0], "an overloaded expert's price rises");

    /* Bad arguments return codes; nothing crashes. */
    nasheq_router *bad = NULL;
    expect_error(nasheq_router_create(NULL, &bad), NASHEQ_INVALID_ARGUMENT, "create(NULL config)");
    nasheq_router_config too_many = config;
    too_many.k = EXPERTS + 1;
    expect_error(nasheq_router_create(&too_many, &bad), NASHEQ_INVALID_ARGUMENT, "create(k > experts)");
    nasheq_router_config no_experts = config;
    no_experts.experts = 0;
    expect_error(nasheq_router_create(&no_experts, &bad), NASHEQ_INVALID_ARGUMENT, "create(experts = 0)");
    expect_error(nasheq_router_route(NULL, scores, TOKENS, EXPERTS, ids, weights, NULL, NULL),
                 NASHEQ_INVALID_ARGUMENT, "route(NULL router)");
    expect_error(nasheq_router_route(router, NULL, TOKENS, EXPERTS, ids, weights, NULL, NULL),
                 NASHEQ_INVALID_ARGUMENT, "route(NULL scores)");
    expect_error(nasheq_router_route(router, scores, TOKENS, EXPERTS - 1, ids, weights, NULL, NULL),
                 NASHEQ_INVALID_ARGUMENT, "route(row_stride < experts)");
    scores[3] = NAN;
    expect_error(nasheq_router_route(router, scores, TOKENS, EXPERTS, ids, weights, NULL, NULL),
                 NASHEQ_NON_FINITE, "route(a NaN score)");
    expect_error(nasheq_router_get_prices(router, prices, EXPERTS + 1), NASHEQ_INVALID_ARGUMENT,
                 "get_prices(n != experts)");
    nasheq_router_destroy(router);
    nasheq_router_destroy(NULL);

    /* Robust weights: 3 experts (rows) x 4 scenarios (columns). */
    const double payoff[3 * 4] = {
        0.9, 0.1, 0.5, 0.4,
        0.2, 0.8, 0.5, 0.6,
        0.5, 0.5, 0.4, 0.5,
    };
    double w[3], q[4], bounds[3];
    int32_t iterations = 0;
    code = nasheq_minimax(payoff, 3, 4, NASHEQ_MINIMAX_EXACT, 0.0, NULL, 0, 0.0, NULL, NULL, w, q, bounds,
                          &iterations);
    check(code == NASHEQ_OK, "minimax exact");
    printf("worst case: weights %.4f %.4f %.4f, value %.6f in [%.6f, %.6f]\n", w[0], w[1], w[2], bounds[2],
           bounds[0], bounds[1]);
    check(bounds[0] <= bounds[2] + 1e-9 && bounds[2] <= bounds[1] + 1e-9, "lower <= value <= upper");
    check(fabs(w[0] + w[1] + w[2] - 1.0) < 1e-9, "weights sum to 1");
    code = nasheq_minimax(payoff, 3, 4, NASHEQ_MINIMAX_EXACT, 0.05, NULL, 0, 0.0, NULL, NULL, w, q, bounds,
                          &iterations);
    check(code == NASHEQ_OK, "minimax entropic");
    printf("entropic tau=0.05: weights %.4f %.4f %.4f, bounds [%.6f, %.6f]\n", w[0], w[1], w[2], bounds[0],
           bounds[1]);
    expect_error(nasheq_minimax(payoff, 0, 4, NASHEQ_MINIMAX_EXACT, 0.0, NULL, 0, 0.0, NULL, NULL, w, q, bounds,
                                NULL),
                 NASHEQ_INVALID_ARGUMENT, "minimax(m = 0)");
    expect_error(nasheq_minimax(payoff, 3, 4, NASHEQ_MINIMAX_EXACT, -1.0, NULL, 0, 0.0, NULL, NULL, w, q, bounds,
                                NULL),
                 NASHEQ_INVALID_ARGUMENT, "minimax(tau < 0)");

    if (failures > 0) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("ok\n");
    return 0;
}
