// Nash's C dense kernels (Sources/CDenseKernels, AVX2 + FMA when the CPU has them) against the
// machine's BLAS (Debian's OpenBLAS, one thread) at the shapes of Lemke–Howson's support blocks:
// y ← Ax, y ← Aᵀx and A ← A + xyᵀ, column-major. Prints one JSON line per shape and kernel with the
// best of 7 timings of a batch of calls (the batch sized to about 2·10⁷ multiply–adds).
// Built and run by Benchmarks/run-kernels.sh.
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "dense_kernels.h"

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static unsigned long long state = 1000;
static double uniform(void) {  // SplitMix64, in [0, 1)
  unsigned long long z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return (double)((z ^ (z >> 31)) >> 11) * 0x1.0p-53;
}

int main(void) {
  const int shapes[][2] = {{16, 16}, {50, 9}, {64, 64}, {100, 19}, {100, 41}, {200, 31}, {200, 64},
                           {400, 40}, {400, 60}, {400, 160}, {300, 300}, {1000, 200}, {1000, 1000}};
  const int count = (int)(sizeof shapes / sizeof shapes[0]);
  const char *names[6] = {"gemv", "gemv", "gemv_transposed", "gemv_transposed", "rank_one", "rank_one"};
  const char *sources[6] = {"nash", "openblas", "nash", "openblas", "nash", "openblas"};
  for (int s = 0; s < count; s++) {
    const int m = shapes[s][0], n = shapes[s][1];
    double *a = malloc(sizeof(double) * (size_t)(m * n)), *x = malloc(sizeof(double) * (size_t)m),
           *y = malloc(sizeof(double) * (size_t)m), *v = malloc(sizeof(double) * (size_t)n);
    for (int i = 0; i < m * n; i++) a[i] = uniform();
    for (int i = 0; i < m; i++) x[i] = uniform(), y[i] = 0;
    for (int j = 0; j < n; j++) v[j] = uniform();
    const long reps = 20000000L / (m * n) + 10;
    double best[6] = {1e30, 1e30, 1e30, 1e30, 1e30, 1e30};
    for (int trial = 0; trial < 7; trial++) {
      double t[7];
      t[0] = now();
      for (long r = 0; r < reps; r++) nash_dense_gemv(m, n, 1.0, a, m, v, 0.0, y);
      t[1] = now();
      for (long r = 0; r < reps; r++) cblas_dgemv(CblasColMajor, CblasNoTrans, m, n, 1.0, a, m, v, 1, 0.0, y, 1);
      t[2] = now();
      for (long r = 0; r < reps; r++) nash_dense_gemv_transposed(m, n, 1.0, a, m, x, 0.0, v);
      t[3] = now();
      for (long r = 0; r < reps; r++) cblas_dgemv(CblasColMajor, CblasTrans, m, n, 1.0, a, m, x, 1, 0.0, v, 1);
      t[4] = now();
      // +1e-12 then −1e-12: A stays bounded over the repetitions.
      for (long r = 0; r < reps; r++) nash_dense_rank_one_update(m, n, 1e-12, x, v, a, m);
      t[5] = now();
      for (long r = 0; r < reps; r++) cblas_dger(CblasColMajor, m, n, -1e-12, x, 1, v, 1, a, m);
      t[6] = now();
      for (int k = 0; k < 6; k++) {
        const double per = (t[k + 1] - t[k]) / (double)reps;
        if (per < best[k]) best[k] = per;
      }
    }
    for (int k = 0; k < 6; k++) {
      printf("{\"kernel\": \"%s\", \"source\": \"%s\", \"rows\": %d, \"columns\": %d, \"avx2\": %d, "
             "\"microseconds\": %.4f}\n",
             names[k], sources[k], m, n, nash_dense_uses_avx2(), best[k] * 1e6);
    }
    free(a), free(x), free(y), free(v);
  }
  return 0;
}
