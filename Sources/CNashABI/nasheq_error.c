// The per-thread last-error message behind nasheq_last_error(). It is C because C11's _Thread_local
// is the simplest way to give each calling thread its own buffer; the Swift side of the ABI
// (Sources/CNash) writes it through nasheq_internal_set_last_error, which the library does not export.
#include "nasheq.h"
#include "nasheq_internal.h"

#include <string.h>

static _Thread_local char last_error[1024];

void nasheq_internal_set_last_error(const char *message) {
    if (message == NULL) {
        last_error[0] = '\0';
        return;
    }
    strncpy(last_error, message, sizeof last_error - 1);
    last_error[sizeof last_error - 1] = '\0';
}

const char *nasheq_last_error(void) { return last_error; }
