package regex

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/mailsift/mailsift/internal/oracle"
)

// utf8ishGen generates byte strings near UTF-8: valid sequences of every
// length, truncated sequences, stray continuation bytes, overlongs,
// surrogates, and bytes above F4.
func utf8ishGen() *rapid.Generator[[]byte] {
	pieces := [][]byte{
		{'a'}, {0x00}, {0x7f}, {0x80}, {0xbf}, {0xc0}, {0xc1}, {0xc2}, {0xc2, 0x80}, {0xdf, 0xbf},
		{0xe0}, {0xe0, 0x80}, {0xe0, 0x9f}, {0xe0, 0xa0}, {0xe0, 0xa0, 0x80}, {0xe1, 0x80}, {0xed, 0x9f, 0xbf},
		{0xed, 0xa0}, {0xed, 0xa0, 0x80}, {0xee, 0x80, 0x80}, {0xef, 0xbf, 0xbf}, {0xf0}, {0xf0, 0x8f},
		{0xf0, 0x90}, {0xf0, 0x90, 0x80}, {0xf0, 0x90, 0x80, 0x80}, {0xf1, 0x80, 0x80}, {0xf3, 0xbf, 0xbf, 0xbf},
		{0xf4, 0x8f, 0xbf, 0xbf}, {0xf4, 0x90}, {0xf4, 0x90, 0x80, 0x80}, {0xf5}, {0xf8, 0x88, 0x80, 0x80, 0x80},
		{0xfe}, {0xff}, {0xc3, 0xa9}, {0xe2, 0x82, 0xac},
	}
	return rapid.Custom(func(t *rapid.T) []byte {
		var b []byte
		n := rapid.IntRange(0, 10).Draw(t, "n")
		for i := 0; i < n; i++ {
			if rapid.IntRange(0, 4).Draw(t, "raw") == 0 {
				b = append(b, rapid.Byte().Draw(t, "b"))
				continue
			}
			b = append(b, rapid.SampledFrom(pieces).Draw(t, "p")...)
		}
		return b
	})
}

func formatRunes(rs []rune) string {
	if len(rs) == 0 {
		return "-"
	}
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = fmt.Sprintf("%x", r)
	}
	return strings.Join(parts, " ")
}

// decodeWithPython decodes every input with python3 in one process.
func decodeWithPython(t *testing.T, py string, in [][]byte) []string {
	cmd := exec.Command(py, filepath.Join("testdata", "python", "decode.py"))
	var stdin strings.Builder
	for _, b := range in {
		stdin.WriteString(hex.EncodeToString(b) + "\n")
	}
	cmd.Stdin = strings.NewReader(stdin.String())
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) != len(in) {
		t.Fatalf("python decoded %d of %d inputs", len(lines), len(in))
	}
	return lines
}

const decodeGoldenN = 2000

// TestDecodePythonGolden replays python3's decodings of fixed-seed inputs
// (testdata/python/decode.golden: hex input, then code points).
func TestDecodePythonGolden(t *testing.T) {
	golden := filepath.Join("testdata", "python", "decode.golden")
	if oracle.Update() {
		gen := utf8ishGen()
		in := make([][]byte, decodeGoldenN)
		for i := range in {
			in[i] = gen.Example(i)
		}
		want := decodeWithPython(t, python3Path(t), in)
		var b strings.Builder
		b.WriteString("# hex bytes<TAB>python3 bytes.decode('utf-8','replace') code points; -update re-records\n")
		for i := range in {
			b.WriteString(hex.EncodeToString(in[i]) + "\t" + want[i] + "\n")
		}
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Open(golden)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n, bad := 0, 0
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		hx, want, _ := strings.Cut(line, "\t")
		in, err := hex.DecodeString(hx)
		if err != nil {
			t.Fatal(err)
		}
		n++
		if got := formatRunes(DecodePython(nil, in)); got != want {
			bad++
			if bad < 20 {
				t.Errorf("%x: ours %s, python %s", in, got, want)
			}
		}
	}
	if n < decodeGoldenN {
		t.Errorf("only %d golden inputs", n)
	}
}

// TestDecodePythonLive compares DecodePython with python3 on fresh inputs.
func TestDecodePythonLive(t *testing.T) {
	py := python3Path(t)
	gen := utf8ishGen()
	base := os.Getpid() * 7919
	in := make([][]byte, 3000)
	for i := range in {
		in[i] = gen.Example(base + i)
	}
	// Every one- and two-byte sequence, and every lead byte with every continuation.
	for a := 0; a < 256; a++ {
		in = append(in, []byte{byte(a)}, []byte{byte(a), 'x'})
		for c := 0x70; c < 0xd0; c += 7 {
			in = append(in, []byte{byte(a), byte(c)}, []byte{byte(a), 0x90, byte(c)}, []byte{byte(a), byte(c), 0x80, 0x80})
		}
	}
	want := decodeWithPython(t, py, in)
	bad := 0
	for i := range in {
		if got := formatRunes(DecodePython(nil, in[i])); got != want[i] {
			bad++
			if bad < 20 {
				t.Errorf("%x: ours %s, python %s", in[i], got, want[i])
			}
		}
	}
	t.Logf("%d inputs, %d differences (seed base %d)", len(in), bad, base)
}

// FuzzDecodePython checks invariants of the decoder: ASCII passes through,
// valid UTF-8 decodes as Go decodes it, and the result is never longer than
// the input.
func FuzzDecodePython(f *testing.F) {
	f.Add([]byte("a\xe2\x82b\xf0\x9f\x98\x80\xff"))
	f.Fuzz(func(t *testing.T, b []byte) {
		rs := DecodePython(nil, b)
		if len(rs) > len(b) {
			t.Fatalf("%x: %d runes from %d bytes", b, len(rs), len(b))
		}
		if s := string(b); strings.ToValidUTF8(s, "") == s {
			if string(rs) != s {
				t.Fatalf("%x: valid UTF-8 decoded differently", b)
			}
		}
	})
}
