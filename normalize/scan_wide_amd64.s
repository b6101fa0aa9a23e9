//go:build !purego

#include "textflag.h"

// func stringMasksAVX2(p *byte, n int, out *stringMasks)
//
// Describes the n 64-byte blocks at p into out[0:n]: bit k of each mask is byte k of the
// block: a quote, a backslash, a control character (< 0x20), a byte ≥ 0x80, a byte that
// may follow a backslash (" \ / b f n r t u), a 'u'. The layout of out's elements is
// stringMasks's: quote, backslash, control, high, escapable, u.
TEXT ·stringMasksAVX2(SB), NOSPLIT, $0-24
	MOVQ p+0(FP), SI
	MOVQ n+8(FP), CX
	MOVQ out+16(FP), DI
	VMOVDQU wideQuote<>(SB), Y9
	VMOVDQU wideBackslash<>(SB), Y10
	VMOVDQU wide1F<>(SB), Y11
	VMOVDQU wideU<>(SB), Y12
	VMOVDQU wideNibble<>(SB), Y13
	VMOVDQU wideEscLow<>(SB), Y14
	VMOVDQU wideEscHigh<>(SB), Y15
	VPXOR   Y8, Y8, Y8

loop:
	TESTQ CX, CX
	JZ    done
	VMOVDQU (SI), Y0
	VMOVDQU 32(SI), Y1

	// quote
	VPCMPEQB  Y0, Y9, Y2
	VPCMPEQB  Y1, Y9, Y3
	VPMOVMSKB Y2, AX
	VPMOVMSKB Y3, BX
	SHLQ      $32, BX
	ORQ       BX, AX
	MOVQ      AX, 0(DI)

	// backslash
	VPCMPEQB  Y0, Y10, Y2
	VPCMPEQB  Y1, Y10, Y3
	VPMOVMSKB Y2, AX
	VPMOVMSKB Y3, BX
	SHLQ      $32, BX
	ORQ       BX, AX
	MOVQ      AX, 8(DI)

	// control: min(b, 0x1f) == b, an unsigned b < 0x20
	VPMINUB   Y0, Y11, Y2
	VPMINUB   Y1, Y11, Y3
	VPCMPEQB  Y0, Y2, Y2
	VPCMPEQB  Y1, Y3, Y3
	VPMOVMSKB Y2, AX
	VPMOVMSKB Y3, BX
	SHLQ      $32, BX
	ORQ       BX, AX
	MOVQ      AX, 16(DI)

	// high: the sign bits themselves
	VPMOVMSKB Y0, AX
	VPMOVMSKB Y1, BX
	SHLQ      $32, BX
	ORQ       BX, AX
	MOVQ      AX, 24(DI)

	// escapable: lowTable[b & 15] & highTable[b >> 4 & 15] != 0 (bytes ≥ 0x80 meet
	// highTable[8..15] = 0)
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
	VPMOVMSKB Y2, AX
	VPMOVMSKB Y4, BX
	SHLQ      $32, BX
	ORQ       BX, AX
	NOTQ      AX
	MOVQ      AX, 32(DI)

	// u
	VPCMPEQB  Y0, Y12, Y2
	VPCMPEQB  Y1, Y12, Y3
	VPMOVMSKB Y2, AX
	VPMOVMSKB Y3, BX
	SHLQ      $32, BX
	ORQ       BX, AX
	MOVQ      AX, 40(DI)

	ADDQ $64, SI
	ADDQ $48, DI
	DECQ CX
	JMP  loop

done:
	VZEROUPPER
	RET

// 32-byte constants: one byte repeated, or a 16-byte table in both lanes.
DATA wideQuote<>+0(SB)/8, $0x2222222222222222
DATA wideQuote<>+8(SB)/8, $0x2222222222222222
DATA wideQuote<>+16(SB)/8, $0x2222222222222222
DATA wideQuote<>+24(SB)/8, $0x2222222222222222
GLOBL wideQuote<>(SB), RODATA|NOPTR, $32

DATA wideBackslash<>+0(SB)/8, $0x5c5c5c5c5c5c5c5c
DATA wideBackslash<>+8(SB)/8, $0x5c5c5c5c5c5c5c5c
DATA wideBackslash<>+16(SB)/8, $0x5c5c5c5c5c5c5c5c
DATA wideBackslash<>+24(SB)/8, $0x5c5c5c5c5c5c5c5c
GLOBL wideBackslash<>(SB), RODATA|NOPTR, $32

DATA wide1F<>+0(SB)/8, $0x1f1f1f1f1f1f1f1f
DATA wide1F<>+8(SB)/8, $0x1f1f1f1f1f1f1f1f
DATA wide1F<>+16(SB)/8, $0x1f1f1f1f1f1f1f1f
DATA wide1F<>+24(SB)/8, $0x1f1f1f1f1f1f1f1f
GLOBL wide1F<>(SB), RODATA|NOPTR, $32

DATA wideU<>+0(SB)/8, $0x7575757575757575
DATA wideU<>+8(SB)/8, $0x7575757575757575
DATA wideU<>+16(SB)/8, $0x7575757575757575
DATA wideU<>+24(SB)/8, $0x7575757575757575
GLOBL wideU<>(SB), RODATA|NOPTR, $32

DATA wideNibble<>+0(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA wideNibble<>+8(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA wideNibble<>+16(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA wideNibble<>+24(SB)/8, $0x0f0f0f0f0f0f0f0f
GLOBL wideNibble<>(SB), RODATA|NOPTR, $32

// The escapable bytes by nibbles: a byte is escapable when the entries of its low and
// high nibble share a bit. Bit 0: " / (high nibble 2), bit 1: \ (5), bit 2: b f n (6),
// bit 3: r t u (7).
// Low table, entries 0..15: 0,0,0x0d,0,0x08,0x08,0x04,0,0,0,0,0,0x02,0,0x04,0x01
DATA wideEscLow<>+0(SB)/8, $0x00040808000d0000
DATA wideEscLow<>+8(SB)/8, $0x0104000200000000
DATA wideEscLow<>+16(SB)/8, $0x00040808000d0000
DATA wideEscLow<>+24(SB)/8, $0x0104000200000000
GLOBL wideEscLow<>(SB), RODATA|NOPTR, $32

// High table, entries 0..15: 0,0,0x01,0,0,0x02,0x04,0x08,0...
DATA wideEscHigh<>+0(SB)/8, $0x0804020000010000
DATA wideEscHigh<>+8(SB)/8, $0x0000000000000000
DATA wideEscHigh<>+16(SB)/8, $0x0804020000010000
DATA wideEscHigh<>+24(SB)/8, $0x0000000000000000
GLOBL wideEscHigh<>(SB), RODATA|NOPTR, $32
