//go:build !purego

#include "textflag.h"

// func prefetch(p *uint64)
//
// PREFETCHT0: asks for p's cache line without waiting for it, so that no instruction
// stalls on the miss (a load would, once the reorder buffer fills).
TEXT ·prefetch(SB), NOSPLIT, $0-8
	MOVQ p+0(FP), AX
	PREFETCHT0 (AX)
	RET
