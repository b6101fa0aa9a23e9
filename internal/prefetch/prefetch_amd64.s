//go:build !purego

#include "textflag.h"

// func Line(p unsafe.Pointer)
//
// PREFETCHT0: asks for p's cache line without waiting for it, so that no instruction
// stalls on the miss (a load would, once the reorder buffer fills).
TEXT ·Line(SB), NOSPLIT, $0-8
	MOVQ p+0(FP), AX
	PREFETCHT0 (AX)
	RET

// func Addr(a uintptr)
TEXT ·Addr(SB), NOSPLIT, $0-8
	MOVQ a+0(FP), AX
	PREFETCHT0 (AX)
	RET

// func Range(p unsafe.Pointer, n uintptr)
//
// Two lines a step: the aggregator preloads a 584-byte result (ten or eleven lines) for
// every event it counts, on its one goroutine, and a step per line was four
// instructions a line. A step may fetch one line past the end: a hint, harmless.
TEXT ·Range(SB), NOSPLIT, $0-16
	MOVQ p+0(FP), AX
	MOVQ n+8(FP), CX
	ADDQ AX, CX      // the end
	ANDQ $~63, AX    // the first line
loop:
	PREFETCHT0 (AX)
	PREFETCHT0 64(AX)
	ADDQ $128, AX
	CMPQ AX, CX
	JB   loop
	RET
