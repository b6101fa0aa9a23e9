//go:build !purego

#include "textflag.h"

// CLASSIFY loads the block at SI+4*R11 into Y0, Y1 and classifies its bytes: backslash →
// Y7 (second half), any in the block → Y6; every byte ORed into Y12 (for dirty);
// quote or control character → Y2, Y3. A byte b is either when b^0x02 ≤ 0x20
// (unsigned, min(b^0x02, 0x20) == b^0x02): b^0x02 maps 0x00-0x1f onto itself, the
// quote 0x22 onto 0x20, and every other byte above 0x20 (one compare fewer per half
// than a quote compare and a control test ORed).
#define CLASSIFY \
	VMOVDQU  (SI)(R11*4), Y0 \
	VMOVDQU  32(SI)(R11*4), Y1 \
	VPCMPEQB Y0, Y10, Y6 \
	VPCMPEQB Y1, Y10, Y7 \
	VPOR     Y6, Y7, Y6 \
	VPOR     Y0, Y12, Y12 \
	VPOR     Y1, Y12, Y12 \
	VPXOR    Y0, Y9, Y2 \
	VPXOR    Y1, Y9, Y3 \
	VPMINUB  Y2, Y11, Y4 \
	VPMINUB  Y3, Y11, Y5 \
	VPCMPEQB Y2, Y4, Y2 \
	VPCMPEQB Y3, Y5, Y3

// func stringBlocksAVX2(p *byte, n int, out *stringBlock, escapedFirst uint64) (escapedNext, dirty uint64)
//
// stringBlocksPortable for the n ≥ 1 64-byte blocks at p: each byte classified with AVX2
// into one bit per byte (backslash, quote or control character, may follow a backslash
// without more checks), then escapedBytes and the stop mask on the general registers.
// out's elements are stringBlock: stop, backslash. dirty is 0 when the blocks are plain
// (no backslash, no byte >= 0x80): the backslash masks ORed in R13, the bytes in Y12.
TEXT ·stringBlocksAVX2(SB), NOSPLIT, $0-48
	// The blocks are addressed from their ends, SI (bytes) and DI (out), by R11,
	// -16 times the blocks left, so that one ADDQ steps on and tests for the end.
	MOVQ p+0(FP), SI
	MOVQ n+8(FP), R11
	MOVQ out+16(FP), DI
	SHLQ $4, R11
	ADDQ R11, DI
	LEAQ (SI)(R11*4), SI
	NEGQ R11
	MOVQ escapedFirst+24(FP), DX
	VMOVDQU wide02<>(SB), Y9
	VMOVDQU wideBackslash<>(SB), Y10
	VMOVDQU wide20<>(SB), Y11
	VMOVDQU wideNibble<>(SB), Y13
	VMOVDQU wideEscLow<>(SB), Y14
	VMOVDQU wideEscHigh<>(SB), Y15
	VPXOR   Y8, Y8, Y8
	VPXOR   Y12, Y12, Y12
	XORQ    R13, R13
	TESTQ   DX, DX
	JNZ     escapedBlock

// A block whose first byte is not escaped: classified, then, when it holds no
// backslash (tested as a vector: its mask is gathered only on the escapes path; most
// blocks of most lines), nothing in it is escaped, out.backslash is 0, the stop mask is
// the quotes and control characters, and the next block's first byte is not escaped
// (DX stays 0). So only the escapes path tests DX, for the block after it.
loop:
	CLASSIFY
	VPTEST    Y6, Y6
	JNZ       escapes
	MOVQ      $0, 8(DI)(R11*1)
	VPMOVMSKB Y2, AX
	VPMOVMSKB Y3, BX
	SHLQ      $32, BX
	ORQ       BX, AX
	MOVQ      AX, (DI)(R11*1)
	ADDQ      $16, R11
	JNZ       loop // (n ≥ 1: at least one block)
	JMP       done

escapedBlock: // a block whose first byte the one before escapes (DX = 1)
	CLASSIFY

escapes:
	// backslash → R9 and out.backslash (the first half's compare again: Y6 took
	// the block's OR)
	VPCMPEQB  Y0, Y10, Y6
	VPMOVMSKB Y6, R9
	VPMOVMSKB Y7, AX
	SHLQ      $32, AX
	ORQ       AX, R9
	MOVQ      R9, 8(DI)(R11*1)
	ORQ       R9, R13

	// quote or control → R8
	VPMOVMSKB Y2, R8
	VPMOVMSKB Y3, AX
	SHLQ      $32, AX
	ORQ       AX, R8

	// not a simple escape: lowTable[b & 15] & highTable[b >> 4 & 15] == 0 (bytes
	// >= 0x80 meet highTable[8..15] = 0) → R12
	VPAND     Y0, Y13, Y2
	VPSRLW    $4, Y0, Y3
	VPAND     Y3, Y13, Y3
	VPSHUFB   Y2, Y14, Y2
	VPSHUFB   Y3, Y15, Y3
	VPAND     Y2, Y3, Y2
	VPAND     Y1, Y13, Y4
	VPSRLW    $4, Y1, Y5
	VPAND     Y5, Y13, Y5
	VPSHUFB   Y4, Y14, Y4
	VPSHUFB   Y5, Y15, Y5
	VPAND     Y4, Y5, Y4
	VPCMPEQB  Y2, Y8, Y2 // 0xff where not escapable
	VPCMPEQB  Y4, Y8, Y4
	VPMOVMSKB Y2, R12
	VPMOVMSKB Y4, AX
	SHLQ      $32, AX
	ORQ       AX, R12

	// escapedBytes(backslash, escapedFirst) → CX, the next block's escapedFirst → DX
	MOVQ  DX, AX
	NOTQ  AX
	ANDQ  R9, AX // AX: backslashes that start or continue a run
	MOVQ  AX, BX
	SHLQ  $1, BX
	ORQ   DX, BX // BX: follows
	MOVQ  BX, CX
	NOTQ  CX
	ANDQ  AX, CX
	MOVQ  $0xaaaaaaaaaaaaaaaa, R10
	ANDQ  R10, CX // CX: runs starting at odd positions
	XORL  DX, DX
	ADDQ  AX, CX
	SETCS DL
	SHLQ  $1, CX
	NOTQ  R10
	XORQ  R10, CX
	ANDQ  BX, CX // CX: escaped

	// stop := quote &^ escaped | control | escaped &^ simple, which is
	// (quote | control) &^ escaped | escaped &^ simple: an escaped control
	// character is no simple escape.
	MOVQ CX, AX
	NOTQ AX
	ANDQ AX, R8
	ANDQ CX, R12
	ORQ  R12, R8
	MOVQ R8, (DI)(R11*1)
	ADDQ $16, R11
	JZ   done
	TESTQ DX, DX
	JZ    loop
	JMP   escapedBlock

done:
	MOVQ      DX, escapedNext+32(FP)
	VPMOVMSKB Y12, AX
	ORQ       R13, AX
	MOVQ      AX, dirty+40(FP)
	VZEROUPPER
	RET

// 32-byte constants: one byte repeated, or a 16-byte table in both lanes.
#define CONST32(name, lo, hi) \
	DATA name<>+0(SB)/8, lo \
	DATA name<>+8(SB)/8, hi \
	DATA name<>+16(SB)/8, lo \
	DATA name<>+24(SB)/8, hi \
	GLOBL name<>(SB), RODATA|NOPTR, $32

CONST32(wide02, $0x0202020202020202, $0x0202020202020202)
CONST32(wideBackslash, $0x5c5c5c5c5c5c5c5c, $0x5c5c5c5c5c5c5c5c)
CONST32(wide20, $0x2020202020202020, $0x2020202020202020)
CONST32(wideNibble, $0x0f0f0f0f0f0f0f0f, $0x0f0f0f0f0f0f0f0f)

// The simple escapes by nibbles: a byte may follow a backslash without more checks when
// the entries of its low and high nibble share a bit. Bit 0: " / (high nibble 2),
// bit 1: \ (5), bit 2: b f n (6), bit 3: r t (7). (u is not one: its four hex digits
// are checked where the scan stops at it.)
// Low table, entries 0..15: 0,0,0x0d,0,0x08,0,0x04,0,0,0,0,0,0x02,0,0x04,0x01
CONST32(wideEscLow, $0x00040008000d0000, $0x0104000200000000)

// High table, entries 0..15: 0,0,0x01,0,0,0x02,0x04,0x08,0...
CONST32(wideEscHigh, $0x0804020000010000, $0x0000000000000000)
