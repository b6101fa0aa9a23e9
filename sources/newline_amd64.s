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
	MOVQ         SI, DI

loop:
	VPCMPEQB (DI), Y0, Y1
	VPCMPEQB 32(DI), Y0, Y2
	VPOR     Y1, Y2, Y3
	VPTEST   Y3, Y3
	JNZ      found
	ADDQ     $64, DI
	CMPQ     DI, R11
	JB       loop
	MOVQ     R11, DI
	VPCMPEQB (DI), Y0, Y1
	VPCMPEQB 32(DI), Y0, Y2
	VPOR     Y1, Y2, Y3
	VPTEST   Y3, Y3
	JNZ      found
	MOVQ     $-1, ret+16(FP)
	VZEROUPPER
	RET

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
