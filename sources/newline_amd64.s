//go:build !purego

#include "textflag.h"

// func newlinesAVX2(p *byte, n int, out *uint32, k int) (found, done int)
//
// Writes to out the indexes (from p) of the '\n's in the first done bytes at p, found of
// them, in order: 64 bytes a step, two compares ORed and tested once, the step's mask
// turned into indexes only when it has a newline. It takes whole steps while they fit
// in n, and stops after a step that leaves fewer than 64 of out's k entries free (a
// step writes at most 64), so done is a multiple of 64 and found <= k.
TEXT ·newlinesAVX2(SB), NOSPLIT, $0-48
	MOVQ         p+0(FP), SI
	MOVQ         n+8(FP), R10
	MOVQ         out+16(FP), DI
	MOVQ         k+24(FP), R8
	SUBQ         $64, R8 // R8: the most entries written before a step may start
	XORQ         DX, DX  // DX: entries written
	ANDQ         $-64, R10 // R10: the whole steps' bytes
	JZ           end
	MOVL         $0x0a, AX
	MOVD         AX, X0
	VPBROADCASTB X0, Y0
	LEAQ         (SI)(R10*1), R11 // the end of the whole steps
	MOVQ         R10, CX
	NEGQ         CX // CX: the step's bytes from R11 (< 0)

loop:
	VPCMPEQB (R11)(CX*1), Y0, Y1
	VPCMPEQB 32(R11)(CX*1), Y0, Y2
	VPOR     Y1, Y2, Y3
	VPTEST   Y3, Y3
	JNZ      found

next:
	ADDQ $64, CX // (one ADDQ steps on and tests for the end)
	JNZ  loop
	VZEROUPPER

end:
	MOVQ DX, found+32(FP)
	MOVQ R10, done+40(FP)
	RET

found:
	VPMOVMSKB Y1, AX
	VPMOVMSKB Y2, R9
	SHLQ      $32, R9
	ORQ       R9, AX
	LEAQ      (R10)(CX*1), R12 // the step's index from p

bits:
	TZCNTQ AX, R9
	ADDQ   R12, R9
	MOVL   R9, (DI)(DX*4)
	INCQ   DX
	BLSRQ  AX, AX
	JNZ    bits
	CMPQ   DX, R8
	JLE    next
	ADDQ   $64, R12 // out is nearly full: stop after this step
	MOVQ   DX, found+32(FP)
	MOVQ   R12, done+40(FP)
	VZEROUPPER
	RET
