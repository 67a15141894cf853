package logline

import (
	"math/rand/v2"
	"net/netip"
	"testing"
)

// TestSWAR compares the word-at-a-time scanners with byte loops.
func TestSWAR(t *testing.T) {
	alphabet := []byte("ab/[: .\x00\x01\x7f\x80\xff0")
	r := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 200000; n++ {
		b := make([]byte, r.IntN(40))
		for k := range b {
			b[k] = alphabet[r.IntN(len(alphabet))]
		}
		i := 0
		if len(b) > 0 {
			i = r.IntN(len(b) + 1)
		}
		wantEnd, wantSlash := i, -1
		for wantEnd < len(b) && !tagEnd[b[wantEnd]] {
			if b[wantEnd] == '/' {
				wantSlash = wantEnd
			}
			wantEnd++
		}
		if end, slash := scanTag(b, i); end != wantEnd || slash != wantSlash {
			t.Fatalf("scanTag(%q, %d) = %d, %d; want %d, %d", b, i, end, slash, wantEnd, wantSlash)
		}
		sp := i
		for sp < len(b) && b[sp] != ' ' {
			sp++
		}
		if got := indexSpace(b, i); got != sp {
			t.Fatalf("indexSpace(%q, %d) = %d; want %d", b, i, got, sp)
		}
	}
}

// TestParseIPv4 checks the IPv4 fast path against netip.ParseAddr.
func TestParseIPv4(t *testing.T) {
	cases := []string{"1.2.3.4", "0.0.0.0", "255.255.255.255", "256.1.1.1", "01.2.3.4", "1.2.3", "1.2.3.4.5",
		"1..2.3", "1.2.3.4 ", "1.2.3.0004", "192.0.2.10", "10.0.0.01", "1.2.3.", ".1.2.3", "::1", "1.2.3.4:5", "999.1.1.1", "0.00.0.0"}
	r := rand.New(rand.NewPCG(3, 4))
	for n := 0; n < 100000; n++ {
		b := make([]byte, r.IntN(17))
		for k := range b {
			b[k] = "0123456789.:a"[r.IntN(13)]
		}
		cases = append(cases, string(b))
	}
	for _, c := range cases {
		want, err := netip.ParseAddr(c)
		got, ok := parseIPv4([]byte(c))
		if ok && (err != nil || got != want) {
			t.Fatalf("parseIPv4(%q) = %v, true; netip: %v, %v", c, got, want, err)
		}
		if !ok && err == nil && want.Is4() {
			t.Fatalf("parseIPv4(%q) rejects a valid IPv4 address", c)
		}
	}
}

// TestCounter checks counter against counterNames.
func TestCounter(t *testing.T) {
	for i, n := range counterNames {
		if c := counter([]byte(n)); c != Counter(i) {
			t.Errorf("counter(%q) = %v", n, c)
		}
	}
	if c := counter([]byte("bogus")); c != NumCounters {
		t.Errorf("counter(bogus) = %v", c)
	}
}
