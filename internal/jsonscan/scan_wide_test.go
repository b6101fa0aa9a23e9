package jsonscan

import (
	"bytes"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestEscapedBytes checks the carry-chained escape finder against a byte-by-byte walk,
// on runs of backslashes of every length across block boundaries.
func TestEscapedBytes(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		blocks := make([]uint64, 1+r.IntN(4))
		for k := range blocks {
			switch r.IntN(3) {
			case 0:
				blocks[k] = r.Uint64() // dense, long runs
			case 1:
				blocks[k] = r.Uint64() & r.Uint64() & r.Uint64()
			default:
				blocks[k] = ^uint64(0) << uint(r.IntN(64)) // a run into the next block
			}
		}
		escapedNow := false // the walk: the next byte is escaped
		var carry uint64
		for k, bs := range blocks {
			var want uint64
			for p := range 64 {
				switch {
				case escapedNow:
					want |= 1 << uint(p)
					escapedNow = false
				case bs&(1<<uint(p)) != 0:
					escapedNow = true
				}
			}
			got, next := escapedBytes(bs, carry)
			if got != want || (next == 1) != escapedNow {
				t.Fatalf("blocks %x, block %d: escaped %064b carry %d, want %064b %v", blocks, k, got, next, want, escapedNow)
			}
			carry = next
		}
	}
}

// TestStringBlocksMatchPortable: the machine's string blocks (SIMD where it has it)
// equal the portable ones on random bytes and on every byte value at every position,
// with and without an escape carried in.
func TestStringBlocksMatchPortable(t *testing.T) {
	if !wideStrings {
		t.Log("no SIMD on this machine: both sides are the portable code")
	}
	r := rand.New(rand.NewPCG(3, 4))
	b := make([]byte, 64*9)
	for trial := range 600 {
		for i := range b {
			switch {
			case trial < 512: // every byte value, at every position
				b[i] = byte(trial + i)
			case trial%3 == 0: // plain: no backslash, no byte ≥ 0x80, but for one in 64
				b[i] = `"/bfnrtu x`[r.IntN(10)]
				if r.IntN(64*9*8) == 0 {
					b[i] = `\é`[r.IntN(3)]
				}
			case r.IntN(2) == 0:
				b[i] = `"\/bfnrtu x`[r.IntN(11)]
			default:
				b[i] = byte(r.Uint32())
			}
		}
		checkStringBlocks(t, b, uint64(trial&1))
	}
}

func checkStringBlocks(t *testing.T, b []byte, escapedFirst uint64) {
	t.Helper()
	n := len(b) / 64
	got, want := make([]stringBlock, n), make([]stringBlock, n)
	gotNext, gotPlain := stringBlocks(b, got, escapedFirst)
	wantNext, wantPlain := stringBlocksPortable(b, want, escapedFirst)
	for k := range want {
		if got[k] != want[k] {
			t.Fatalf("block %d of %q (escaped first: %d):\n got %+v\nwant %+v", k, b[k*64:k*64+64], escapedFirst, got[k], want[k])
		}
	}
	if gotNext != wantNext {
		t.Fatalf("%q (escaped first: %d): escaped next %d, want %d", b, escapedFirst, gotNext, wantNext)
	}
	if gotPlain != wantPlain || wantPlain != (bytes.IndexByte(b, '\\') < 0 && isASCII(b)) {
		t.Fatalf("%q: plain %v, portable %v", b, gotPlain, wantPlain)
	}
}

// FuzzStringMasks: on any bytes, the machine's string blocks are the portable ones, the
// indexed scanner agrees with the eight-byte one on every string that starts after a
// quote, and a line scans to the same tape either way.
func FuzzStringMasks(f *testing.F) {
	f.Add([]byte(`{"a":"b\\\"c","d":"\u00e9\\\\","e":"` + "\t" + `"}`))
	f.Add([]byte(`"\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\"x"`))
	f.Add([]byte(`{"a":` + strings.Repeat(" ", 58) + `"`)) // a string opened by the 64th byte
	f.Fuzz(func(t *testing.T, b []byte) {
		b = b[:min(len(b), 4096)] // a scan from every quote is quadratic
		checkStringBlocks(t, b[:len(b)/64*64], 0)
		checkStringBlocks(t, b[:len(b)/64*64], 1)
		tape := Tape{Raw: b}
		tape.indexStrings(b)
		for i := 1; i < len(b); i++ {
			if b[i-1] != '"' {
				continue
			}
			end, flags, ok := tape.scanStringResolved(b, i)
			wantEnd, wantFlags, wantOK := scanStringSWAR(b, i)
			if ok != wantOK || ok && (end != wantEnd || flags != wantFlags) {
				t.Fatalf("string at %d of %q: indexed (%d, %b, %v), eight-byte (%d, %b, %v)", i, b, end, flags, ok, wantEnd, wantFlags, wantOK)
			}
		}
		checkIndexInPlace(t, b)
		checkWideParse(t, b)
	})
}

// checkWideParse checks that the line b scans to the same tape with the wide and the
// eight-byte string scanner.
func checkWideParse(t *testing.T, b []byte) {
	t.Helper()
	var wide, narrow Tape
	// The wide tape reused, its nodes full of stale data: every field of a node must
	// be written (setLazyString and setPlainNumber write Kind, flags and Mark as one word).
	stale := make([]Node, 64)
	for k := range stale {
		stale[k] = Node{Start: 1 << 31, End: 1 << 30, Next: 7, Kind: 0xff, flags: 0xff, Mark: 0xffff}
	}
	wide.Nodes = stale[:0]
	okWide, okNarrow := wide.parseLine(b, true), narrow.parseLine(b, false)
	for k := range wide.Nodes {
		if wide.Nodes[k].Kind == String {
			wide.Flags(&wide.Nodes[k])
		}
	}
	if okWide != okNarrow || okWide && !slices.Equal(wide.Nodes, narrow.Nodes) {
		t.Fatalf("%q: wide scan %v %v, eight-byte %v %v", b, okWide, wide.Nodes, okNarrow, narrow.Nodes)
	}
}

// TestWideMembers: members, valid or not, at every place in and across the 64-byte
// blocks, scan to the same tape with both scanners (the wide one reads a compact
// "key":"value" member in one go from the key's block).
func TestWideMembers(t *testing.T) {
	members := []string{
		`"k":"v"`, `"":""`, `"key":"a value"`, `"k": "v"`, `"k" :"v"`, `"k":"v\u0041w"`,
		`"k":"\u00"`, `"k":"a\"b"`, `"k":"a\\"`, `"k\"":"v"`, `"k\n":"v"`, `"k":` + "\x01" + `"v"`, `"k":` + "\x01" + `","r":"w"`,
		`"k":"` + "\x01" + `"`, `"k":"v` + "\t" + `"`, `"k";"v"`, `"k":'v'`, `"k":1`, `"k":{"a":"b"}`,
		`"k":["a","b"]`, `"k":"v"x`, `"k":"` + strings.Repeat("x", 70) + `"`, `"k":"v`, `"k":`, `"k"`,
		`"k":"\x"`, `"k":"é"`,
		// values and separators the flat member loop reads itself, or hands back
		`"k":true`, `"k":fals`, `"k":null`, `"k":-1.5e3`, `"k":01`, `"k":-`, `"k":15E2`, `"k":15e`, `"k":10.5`, `"k":0`, `"k":12x`, `"k":1 ,"r":"w"`,
		`"k":"v" ,"r":"w"`, `"k":"v", "r":"w"`, `"k":"v",`, `"k":"v",1`, `"k":"v","r":1,"s":[]`,
	}
	for _, m := range members {
		for pad := range 140 {
			line := `{"p":"` + strings.Repeat("x", pad) + `",` + m + `,"q":"` + m + `"}`
			checkWideParse(t, []byte(line))
			checkWideParse(t, []byte(`{"p":"`+strings.Repeat("x", pad)+`",`+m+`}`))
			checkWideParse(t, []byte(line[:len(line)-3])) // cut short
			// The object's end followed by white space or more (the member loop
			// closes a line whose last byte is the brace itself).
			checkWideParse(t, []byte(line+" "))
			checkWideParse(t, []byte(line+"}"))
		}
	}
}

// TestWideManyMembers: a line of more members than a new tape has room for scans to
// the same tape with both scanners (the wide one's member loop leaves the member it
// has no room for to parseLine's states, which grow the tape).
func TestWideManyMembers(t *testing.T) {
	for _, members := range []int{31, 32, 33, 100, 1000} {
		var line strings.Builder
		line.WriteString(`{"a":{"b":1}`)
		for k := range members {
			fmt.Fprintf(&line, `,"k%d":"v%d","n%d":%d`, k, k, k, k+1)
		}
		line.WriteString(`}`)
		checkWideParse(t, []byte(line.String()))
		checkWideParse(t, []byte("{"+line.String()[len(`{"a":{"b":1},`):])) // flat from the start
	}
}

// scanStringResolved is scanStringIndexed with the flags worked out.
func (t *Tape) scanStringResolved(b []byte, i int) (int, uint8, bool) {
	end, flags, ok := t.scanStringIndexed(b, i)
	if ok && flags == strLazy {
		flags = t.stringFlags(i, end)
	}
	return end, flags, ok
}

// TestWideScanLineEnds: a line whose last bytes open a string, an escape or a \u
// escape, at every length around the 64-byte blocks, is refused by both scanners (a
// string opened by the last byte of a line of 64 k bytes once indexed past the blocks).
func TestWideScanLineEnds(t *testing.T) {
	for n := 60; n <= 260; n++ {
		for _, tail := range []string{`"`, `"x`, `"\`, `"\u00`, `"\\`} {
			for _, head := range []string{`{"a":`, `{`} {
				if n < len(head)+len(tail) {
					continue
				}
				line := []byte(head + strings.Repeat(" ", n-len(head)-len(tail)) + tail)
				for _, wide := range []bool{false, true} {
					var tape Tape
					if tape.parseLine(line, wide) {
						t.Fatalf("wide=%v: %q accepted", wide, line)
					}
				}
			}
		}
	}
}

// checkIndexInPlace checks that a line whose capacity runs past its last block (read
// in place, the bytes past the line masked out) is indexed as the same line without
// that room (read from a zero-padded copy), whatever the bytes past it.
func checkIndexInPlace(t *testing.T, b []byte) {
	t.Helper()
	var padded Tape
	padded.indexStrings(slices.Clip(b))
	// flatMembers reads the blocks unchecked (blockOf) on the strength of these two.
	if len(padded.blocks) != len(b)/64+1 {
		t.Fatalf("%q: %d blocks, want %d", b, len(padded.blocks), len(b)/64+1)
	}
	if last := padded.blocks[len(b)/64].stop; last>>uint(len(b)&63) != ^uint64(0)>>uint(len(b)&63) {
		t.Fatalf("%q: last block's stops %x, want every byte past the line", b, last)
	}
	for _, past := range []string{`"`, `\`, `\"`, `\u`, ` \`, `\\\`} {
		buf := append(slices.Clone(b), strings.Repeat(past, 64)...)
		var inPlace Tape
		inPlace.indexStrings(buf[:len(b)])
		if !slices.Equal(inPlace.blocks, padded.blocks) {
			t.Fatalf("%q followed by %q: blocks %x, padded %x", b, past, inPlace.blocks, padded.blocks)
		}
		if inPlace.plain && !padded.plain { // in place, the bytes past count too
			t.Fatalf("%q followed by %q: plain in place, not padded", b, past)
		}
	}
}

// TestIndexInPlace: a line indexed in place, the bytes after it quotes, backslashes
// and escapes, gives the blocks of its zero-padded copy, at every length around the
// blocks; a block for byte len(b) too, and stops on every byte past the line.
func TestIndexInPlace(t *testing.T) {
	for n := range 200 {
		for _, fill := range []string{"a", `\`, `"`, `\"`, `\u1234`, `\n\`} {
			checkIndexInPlace(t, []byte(strings.Repeat(fill, n+1)[:n]))
		}
	}
}

// TestNonDigits: in a word of digits with byte x at place p, and any bytes after it,
// nonDigits finds p as the first byte that is not a digit exactly when x is not one.
func TestNonDigits(t *testing.T) {
	for x := range 256 {
		for p := range 8 {
			for _, after := range []byte{'0', '9', 0x00, 0xff, 0x8a} {
				w := []byte("01234567")
				w[p] = byte(x)
				for k := p + 1; k < 8; k++ {
					w[k] = after
				}
				first := 8
				if m := nonDigits(wordAt(w, 0)); m != 0 {
					first = bits.TrailingZeros64(m) >> 3
				}
				isDigit := x >= '0' && x <= '9'
				if isDigit && first < p || !isDigit && first != p {
					t.Fatalf("%q: first non-digit at %d", w, first)
				}
			}
		}
	}
}

// TestWideNumbers: integers of every length up to 20 digits, followed by a byte that
// ends them or makes them invalid, at every distance from the line's end, scan to
// the same tape with both scanners (the wide one reads digits eight at a time while
// the line has eight more bytes).
func TestWideNumbers(t *testing.T) {
	for digits := 1; digits <= 20; digits++ {
		num := strings.Repeat("1234567890", 2)[:digits]
		for _, after := range []string{",", "}", ".5", "e1", "E", " ", "/", ":", "\x8a", "\xff", "\x00", "x", ""} {
			line := `{"k":` + num + after + `,"n":"v"}`
			for cut := len(line); cut >= len(line)-12 && cut > 0; cut-- {
				checkWideParse(t, []byte(line[:cut]))
			}
			checkWideParse(t, []byte(`{"a":"b","k":`+num+after+`}`))
		}
	}
}
