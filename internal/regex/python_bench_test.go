package regex

import "testing"

// A fail2ban-like sshd pattern written for this benchmark: an address group
// with the IPv6 lookbehind, named groups, a non-ASCII-aware \S and \d.
const benchPySSHD = `^Failed password for (?:invalid user )?(?P<user>\S+) from (?P<host>(?:\d{1,3}\.){3}\d{1,3}|(?:[0-9a-fA-F]{1,4}::?|::){1,7}(?:[0-9a-fA-F]{1,4}|(?<=:):)) port \d+(?: ssh\d?)?\s*$`

func BenchmarkPythonSSHD(b *testing.B) {
	re, err := Compile(Python, benchPySSHD, 0)
	if err != nil {
		b.Fatal(err)
	}
	hit := []byte("Failed password for invalid user röot from 2001:db8::1 port 52144 ssh2\n")
	miss := []byte("Accepted publickey for alice from 192.0.2.7 port 52144 ssh2: ED25519 SHA256:x\n")
	for _, s := range [][]byte{hit, miss} {
		if ok, err := re.Match(s); err != nil || ok != (&s[0] == &hit[0]) {
			b.Fatalf("Match(%q) = %v, %v", s, ok, err)
		}
	}
	b.Run("hit", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if ok, _ := re.Match(hit); !ok {
				b.Fatal("no match")
			}
		}
	})
	b.Run("miss", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if ok, _ := re.Match(miss); ok {
				b.Fatal("match")
			}
		}
	})
	b.Run("submatch-hit", func(b *testing.B) {
		b.ReportAllocs()
		buf := make([]rune, 0, 256)
		dst := make([]int, 0, 2*(re.NumSubexp()+1))
		for i := 0; i < b.N; i++ {
			r := re.Subject(buf[:0], hit)
			m, _ := re.FindRunesSubmatchIndex(r, dst)
			if m == nil {
				b.Fatal("no match")
			}
		}
	})
}

func BenchmarkPythonCompileSSHD(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Compile(Python, benchPySSHD, 0); err != nil {
			b.Fatal(err)
		}
	}
}
