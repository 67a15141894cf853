package regex

import (
	"slices"
	"unicode/utf8"
)

// DecodePython appends to dst the code points of b decoded as UTF-8 the way
// Python's bytes.decode('utf-8', errors='replace') does it: each maximal
// subpart of an ill-formed sequence becomes one U+FFFD (Unicode's
// "substitution of maximal subparts", which Python follows). Go's own
// decoding differs: it gives one U+FFFD per invalid byte.
func DecodePython(dst []rune, b []byte) []rune {
	// Every byte gives at most one code point: size dst once and write by
	// index, in one pass.
	n := len(dst)
	dst = slices.Grow(dst, len(b))[:n+len(b)]
	w := n
	for i := 0; i < len(b); {
		c := b[i]
		if c < 0x80 {
			dst[w] = rune(c)
			w++
			i++
			continue
		}
		n, lo, hi := seqInfo(c)
		if n == 0 {
			dst[w] = utf8.RuneError
			w++
			i++
			continue
		}
		// Walk the continuation bytes; the first one has the narrowed range.
		j := 1
		for ; j < n; j++ {
			if i+j >= len(b) {
				break
			}
			d := b[i+j]
			l, h := byte(0x80), byte(0xBF)
			if j == 1 {
				l, h = lo, hi
			}
			if d < l || d > h {
				break
			}
		}
		if j < n {
			// A maximal subpart: the lead byte and the valid continuations seen.
			dst[w] = utf8.RuneError
			w++
			i += j
			continue
		}
		r, _ := utf8.DecodeRune(b[i : i+n])
		dst[w] = r
		w++
		i += n
	}
	return dst[:w]
}

// seqInfo returns the length of the sequence a lead byte starts and the
// allowed range of its first continuation byte; n == 0 for a byte that can
// never start a sequence.
func seqInfo(c byte) (n int, lo, hi byte) {
	switch {
	case c >= 0xC2 && c <= 0xDF:
		return 2, 0x80, 0xBF
	case c == 0xE0:
		return 3, 0xA0, 0xBF
	case c >= 0xE1 && c <= 0xEC, c == 0xEE, c == 0xEF:
		return 3, 0x80, 0xBF
	case c == 0xED:
		return 3, 0x80, 0x9F
	case c == 0xF0:
		return 4, 0x90, 0xBF
	case c >= 0xF1 && c <= 0xF3:
		return 4, 0x80, 0xBF
	case c == 0xF4:
		return 4, 0x80, 0x8F
	}
	return 0, 0, 0
}
