// Gaussian elimination of an integer linear system modulo four primes at once, for Nash's exact
// verification (MultimodularSolve.swift). Each 256-bit lane holds the system modulo one prime
// p < 2^50, as a double; products are split exactly with FMA (h = a·b rounded, l = a·b − h) and
// reduced with a rounded quotient, so no 128-bit integer arithmetic is needed. Only with AVX2 and
// FMA: the entry points answer -1 where the CPU lacks them, and the caller solves in scalar
// Montgomery arithmetic instead. Not part of Nash's public API.
#ifndef NASH_MODULAR_ELIMINATION_H
#define NASH_MODULAR_ELIMINATION_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Residues of `count` signed integers modulo four primes. Integer e is ±Σ_w words[start[e] + w] · 2^(64w)
/// over w < start[e + 1] − start[e] (little-endian words), negative when negative[e] ≠ 0. Its residue
/// modulo primes[l] goes to out[4e + l], in [0, primes[l]). Every prime must be odd with
/// 2^49 < p < 2^50. Returns 1, or -1 without AVX2 and FMA (out untouched).
int nash_modular_residues4(int64_t count, const uint64_t *words, const int64_t *start, const uint8_t *negative,
                           const double *primes, double *out);

/// Solves M X = det(M) · b for the augmented n × (n + 1) system [M | b] modulo four primes: entry (i, j)
/// modulo primes[l] is a[4(i(n + 1) + j) + l], in [0, primes[l]) (a is overwritten). On success
/// X_i mod primes[l] goes to out[4i + l] (i < n) and det M mod primes[l] to out[4n + l], all in
/// [0, primes[l]), and the answer is 1. The answer is 0 when some column has no row whose entry
/// is non-zero modulo all four primes (M singular modulo one of them, or by rare chance a
/// different pivot would be needed per prime): the caller then solves prime by prime. -1 without
/// AVX2 and FMA.
int nash_modular_solve4(int64_t n, double *a, const double *primes, double *out);

#ifdef __cplusplus
}
#endif

#endif
