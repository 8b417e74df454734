// The machine's BLAS throughput at the shapes Lemke–Howson works on, for Benchmarks/README.md's
// "pivots per second against dgemm/dger" comparison (issue 3). Debian's OpenBLAS, one thread
// (OPENBLAS_NUM_THREADS=1), double precision; each shape timed for the median of 7 samples of at
// least 20 ms. Prints one JSON object per line: routine, shape, seconds per call, GFLOP/s.
//
//   cc -O2 -o /tmp/blas-throughput Benchmarks/blas/throughput.c -lopenblas && OPENBLAS_NUM_THREADS=1 /tmp/blas-throughput
//
// Shapes: dgemm n×n×n (the machine's peak-ish rate); dger and dgemv on rows × cols for the full
// tableau of an n×n game (n × 2n: QuantEcon's and the full-tableau kernel's pivot is one such dger)
// and for the revised kernel's C[:, S] block (n × k, k the support size on the benchmark path).
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double *filled(size_t count) {
  double *p = malloc(count * sizeof(double));
  for (size_t i = 0; i < count; i++) p[i] = 1.0 + (double)((i * 2654435761u) % 1000) / 1000.0;
  return p;
}

// Median seconds per call of `run(context)` over 7 samples of at least 20 ms each.
static double measure(void (*run)(void *), void *context) {
  double samples[7];
  int inner = 1;
  for (;;) {
    double start = now();
    for (int i = 0; i < inner; i++) run(context);
    if (now() - start >= 0.02) break;
    inner *= 2;
  }
  for (int s = 0; s < 7; s++) {
    double start = now();
    for (int i = 0; i < inner; i++) run(context);
    samples[s] = (now() - start) / inner;
  }
  qsort(samples, 7, sizeof(double), compare);
  return samples[3];
}

struct shape {
  int rows, columns, depth;
  double *a, *b, *c, *x, *y;
};

static void gemm(void *p) {
  struct shape *s = p;
  cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, s->rows, s->columns, s->depth, 1.0, s->a, s->rows, s->b,
              s->depth, 0.0, s->c, s->rows);
}

static void ger(void *p) {
  struct shape *s = p;
  // Alternating signs keep the matrix bounded over millions of calls.
  cblas_dger(CblasColMajor, s->rows, s->columns, 1e-9, s->x, 1, s->y, 1, s->a, s->rows);
  cblas_dger(CblasColMajor, s->rows, s->columns, -1e-9, s->x, 1, s->y, 1, s->a, s->rows);
}

static void gemv(void *p) {
  struct shape *s = p;
  cblas_dgemv(CblasColMajor, CblasNoTrans, s->rows, s->columns, 1.0, s->a, s->rows, s->x, 1, 0.0, s->y, 1);
}

static void report(const char *routine, int rows, int columns, int depth, double seconds, double flops) {
  printf("{\"routine\":\"%s\",\"rows\":%d,\"columns\":%d,\"depth\":%d,\"seconds\":%.6e,\"gflops\":%.3f}\n", routine,
         rows, columns, depth, seconds, flops / seconds * 1e-9);
}

int main(void) {
  const int gemmSizes[] = {200, 400, 1000};
  for (int i = 0; i < 3; i++) {
    int n = gemmSizes[i];
    struct shape s = {n, n, n, filled((size_t)n * n), filled((size_t)n * n), filled((size_t)n * n), NULL, NULL};
    report("dgemm", n, n, n, measure(gemm, &s), 2.0 * n * n * n);
    free(s.a), free(s.b), free(s.c);
  }
  // rows × columns: the full tableau of an n×n game (n × 2n) and the revised kernel's n × k blocks
  // (k = the largest support on the benchmark's paths: 9, 19, 31 at n = 50, 100, 200; 400 is a guess).
  const int shapes[][2] = {{10, 20}, {50, 100}, {100, 200}, {200, 400}, {400, 800},
                           {50, 9},  {100, 19}, {200, 31},  {400, 40}};
  for (int i = 0; i < 9; i++) {
    int r = shapes[i][0], c = shapes[i][1];
    struct shape s = {r, c, 0, filled((size_t)r * c), NULL, NULL, filled(c > r ? c : r), filled(c > r ? c : r)};
    report("dger", r, c, 0, measure(ger, &s) / 2, 2.0 * r * c);
    report("dgemv", r, c, 0, measure(gemv, &s), 2.0 * r * c);
    free(s.a), free(s.x), free(s.y);
  }
  return 0;
}
