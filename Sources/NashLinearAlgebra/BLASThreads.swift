import CLAPACK

/// The number of threads OpenBLAS uses. Set `OPENBLAS_NUM_THREADS=1` in the environment for
/// small problems; setting it from inside a running process is too late for some paths.
package var blasThreadCount: Int { Int(openblas_get_num_threads()) }
