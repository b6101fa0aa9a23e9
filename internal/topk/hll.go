package topk

import (
	"math"
	"math/bits"
)

// hllPrecision is the HyperLogLog's precision p: 2^p one-byte registers (16 KiB), a
// relative standard error of 1.04/√(2^p) ≈ 0.81 %, so estimates stay within ±2 %
// (about 2.5 standard errors) at every cardinality.
const (
	hllPrecision = 14
	hllRegisters = 1 << hllPrecision
	hllQ         = 64 - hllPrecision // bits left after the register index
)

// hll is a HyperLogLog sketch (Flajolet, Fusy, Gandouet, Meunier, 2007) of the hashes
// it was given, read with Ertl's improved estimator ("New cardinality estimation
// algorithms for HyperLogLog sketches", 2017), which needs no empirical bias tables
// and is accurate from a handful of values to billions.
type hll struct {
	reg [hllRegisters]uint8
}

// add records a hash: its high p bits pick a register, which keeps the largest rank
// (position of the first 1 bit) of the remaining bits seen.
func (h *hll) add(x uint64) {
	i := x >> hllQ
	// The guard bit bounds the rank at q+1 when the remaining bits are all zero.
	r := uint8(bits.LeadingZeros64(x<<hllPrecision|1<<(hllPrecision-1))) + 1
	if r > h.reg[i] {
		h.reg[i] = r
	}
}

// estimate returns the estimated number of distinct hashes added.
func (h *hll) estimate() float64 {
	var c [hllQ + 2]int
	for _, r := range h.reg {
		c[r]++
	}
	const m = float64(hllRegisters)
	z := m * hllTau(1-float64(c[hllQ+1])/m)
	for k := hllQ; k >= 1; k-- {
		z = 0.5 * (z + float64(c[k]))
	}
	z += m * hllSigma(float64(c[0])/m)
	return m * m / (2 * math.Ln2) / z
}

func hllSigma(x float64) float64 {
	if x == 1 {
		return math.Inf(1)
	}
	y, z := 1.0, x
	for {
		x *= x
		prev := z
		z += x * y
		y += y
		if z == prev {
			return z
		}
	}
}

func hllTau(x float64) float64 {
	if x == 0 || x == 1 {
		return 0
	}
	y, z := 1.0, 1-x
	for {
		x = math.Sqrt(x)
		prev := z
		y *= 0.5
		z -= (1 - x) * (1 - x) * y
		if z == prev {
			return z / 3
		}
	}
}
