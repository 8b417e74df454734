// Being written: the C ABI over NashRouting (see Sources/CNashABI/include/nasheq.h).
