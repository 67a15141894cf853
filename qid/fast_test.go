package qid

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestParseFast checks that the fast path agrees with parseSlow wherever
// it gives an answer, and that it answers for the usual IDs.
func TestParseFast(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	const chars = alphabet52 + "AEIOUaeiou_-z"
	check := func(s string) {
		want, code, _ := parseSlow(s)
		if got, ok := parseFast(s); ok && (code != errNone || got != want) {
			t.Fatalf("parseFast(%q) = %v; parseSlow: %v, %v", s, got, want, code)
		}
	}
	for n := 0; n < 300000; n++ {
		b := make([]byte, r.IntN(30))
		for k := range b {
			b[k] = chars[r.IntN(len(chars))]
		}
		if len(b) > 10 && r.IntN(2) == 0 {
			b[10] = 'z'
		}
		check(string(b))
		check(NewShort(r.IntN(1000000), r.Uint64()>>r.IntN(64)).String())
		id := NewLong(time.Unix(r.Int64N(1<<34), r.Int64N(1e9)), r.Uint64()>>r.IntN(64))
		check(id.String())
		if id.secN == minSecDigits && id.inoN < maxLongInoDigits {
			if _, ok := parseFast(id.String()); !ok {
				t.Fatalf("parseFast(%q) fails", id)
			}
		}
	}
}
