package logline

import (
	"encoding/binary"
	"math/bits"
)

// Byte scanning eight bytes at a time ("SIMD within a register"). The
// prefix of every line is scanned for a few delimiters; doing it a word at
// a time takes a third of the instructions of a byte loop.

const (
	swarOnes = 0x0101010101010101
	swarLow7 = 0x7F7F7F7F7F7F7F7F
)

// zeroBytes returns x with the high bit set in exactly the bytes that are
// zero, and every other bit clear.
func zeroBytes(x uint64) uint64 {
	return ^(((x & swarLow7) + swarLow7) | x | swarLow7)
}

// eqBytes returns the bytes of x equal to c, as zeroBytes does.
func eqBytes(x uint64, c byte) uint64 { return zeroBytes(x ^ swarOnes*uint64(c)) }

// load8 returns b[i:i+8] as a little-endian word: byte i is the lowest.
func load8(b []byte, i int) uint64 { return binary.LittleEndian.Uint64(b[i : i+8]) }

// firstByte returns the index (0-7) of the lowest byte marked in a nonzero
// mask from zeroBytes.
func firstByte(mask uint64) int { return bits.TrailingZeros64(mask) >> 3 }

// lastByte returns the index (0-7) of the highest byte marked in a nonzero
// mask from zeroBytes.
func lastByte(mask uint64) int { return (63 - bits.LeadingZeros64(mask)) >> 3 }

// below returns the mask of the bytes below byte n (0-7) of a word.
func below(n int) uint64 { return 1<<(uint(n)*8) - 1 }

// indexSpace returns the index of the first ' ' in b[i:] (relative to b),
// or len(b).
func indexSpace(b []byte, i int) int {
	for ; i+8 <= len(b); i += 8 {
		if m := eqBytes(load8(b, i), ' '); m != 0 {
			return i + firstByte(m)
		}
	}
	for i < len(b) && b[i] != ' ' {
		i++
	}
	return i
}

// scanTag returns the end of the syslog tag starting at b[i:] (the first
// '[', ':' or ' ', or len(b)) and the index of the last '/' before it, or -1.
func scanTag(b []byte, i int) (end, slash int) {
	slash = -1
	for ; i+8 <= len(b); i += 8 {
		x := load8(b, i)
		stop := eqBytes(x, '[') | eqBytes(x, ':') | eqBytes(x, ' ')
		sl := eqBytes(x, '/')
		if stop != 0 {
			n := firstByte(stop)
			if sl &= below(n); sl != 0 {
				slash = i + lastByte(sl)
			}
			return i + n, slash
		}
		if sl != 0 {
			slash = i + lastByte(sl)
		}
	}
	for ; i < len(b) && !tagEnd[b[i]]; i++ {
		if b[i] == '/' {
			slash = i
		}
	}
	return i, slash
}
