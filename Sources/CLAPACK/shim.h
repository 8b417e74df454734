// System-library shim for OpenBLAS (CBLAS) and LAPACKE, from Debian's
// libopenblas-dev and liblapacke-dev. Only NashLinearAlgebra imports it.
#ifndef NASH_CLAPACK_SHIM_H
#define NASH_CLAPACK_SHIM_H

#define HAVE_LAPACK_CONFIG_H
#define LAPACK_COMPLEX_STRUCTURE
#include <cblas.h>
#include <lapacke.h>

#endif
