//go:build !purego

#include "textflag.h"

// func indexNewlineAVX2(p *byte, n int) int
//
// The index of the first '\n' in the n >= 64 bytes at p, or -1: 64 bytes a step, two
// compares ORed and tested once (bytes.IndexByte takes 32 a step, a test each); the
// last step reads the last 64 bytes, overlapping bytes already seen, none a newline.
TEXT ·indexNewlineAVX2(SB), NOSPLIT, $0-24
	MOVQ         p+0(FP), SI
	MOVQ         n+8(FP), BX
	MOVL         $0x0a, AX
	MOVD         AX, X0
	VPBROADCASTB X0, Y0
	LEAQ         -64(SI)(BX*1), R11 // the last 64 bytes
	MOVQ         SI, CX
	SUBQ         R11, CX // CX: the step's bytes from R11 (< 0 but for the last)
	JZ           last

loop:
	VPCMPEQB (R11)(CX*1), Y0, Y1
	VPCMPEQB 32(R11)(CX*1), Y0, Y2
	VPOR     Y1, Y2, Y3
	VPTEST   Y3, Y3
	JNZ      foundAt
	ADDQ     $64, CX // (one ADDQ steps on and tests for the end)
	JS       loop

last:
	MOVQ     R11, DI
	VPCMPEQB (DI), Y0, Y1
	VPCMPEQB 32(DI), Y0, Y2
	VPOR     Y1, Y2, Y3
	VPTEST   Y3, Y3
	JNZ      found
	MOVQ     $-1, ret+16(FP)
	VZEROUPPER
	RET

foundAt:
	LEAQ (R11)(CX*1), DI

found:
	VPMOVMSKB Y1, AX
	VPMOVMSKB Y2, CX
	SHLQ      $32, CX
	ORQ       CX, AX
	TZCNTQ    AX, AX
	SUBQ      SI, DI
	ADDQ      DI, AX
	MOVQ      AX, ret+16(FP)
	VZEROUPPER
	RET
