/* Not part of the ABI: the Swift implementation's hook into the per-thread error buffer. */
#ifndef NASHEQ_INTERNAL_H
#define NASHEQ_INTERNAL_H

/** Copies message (truncated to 1023 bytes; NULL clears) into this thread's last-error buffer. */
__attribute__((visibility("hidden"))) void nasheq_internal_set_last_error(const char *message);

#endif /* NASHEQ_INTERNAL_H */
