package dsn

import (
	"math/rand/v2"
	"net/netip"
	"testing"
)

// TestParseAddr checks that parseAddr agrees with netip.ParseAddr.
func TestParseAddr(t *testing.T) {
	cases := []string{"", "1.2.3.4", "::1", "fe80::1%eth0", "%eth0", "private/dovecot-lmtp", "2001:db8::1",
		"1.2.3", "x1.2.3.4", "a:b", "g::1", "127.0.0.1", "::ffff:1.2.3.4", "1.2.3.4%x"}
	r := rand.New(rand.NewPCG(5, 6))
	for n := 0; n < 200000; n++ {
		b := make([]byte, r.IntN(12))
		for k := range b {
			b[k] = "0129afAFg.:%/x"[r.IntN(14)]
		}
		cases = append(cases, string(b))
	}
	for _, c := range cases {
		want, err := netip.ParseAddr(c)
		got, ok := parseAddr(c)
		if ok != (err == nil) || got != want {
			t.Fatalf("parseAddr(%q) = %v, %v; netip: %v, %v", c, got, ok, want, err)
		}
	}
}
