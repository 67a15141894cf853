package main

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mailsift/mailsift/internal/oracle"
	"pgregory.net/rapid"
)

// Generators for table lines and keys. They mix valid rules with every
// malformed form the table parsers know, so that warnings are compared too.

var (
	cidrPats = []string{"1.2.3.0/24", "1.2.3.4", "10.0.0.0/8", "[10.0.0.0/8]", "[1.2.3.4]", "[1.2.3.4]/32", "[1.2.3.0/24]",
		"1.2.3.4/24", "0.0.0.0/0", "::/0", "2001:db8::/32", "2001:db8::1", "2001:DB8:0:0::/32", "::ffff:1.2.3.4", "fe80::/10",
		"300.1.1.1", "1.2.3.0/33", "1.2.3.0/x", "1.2.3.0/", "::1.2.3.0/120", "::1.2.3.4/120", "192.168.0.0/16", "192.168.1.0/24",
		"01.2.3.4", "::1/64", "2001:db8::/129", "[1.2.3.4", "1.2.3.4]", "[]", "/8", "1.2.3", "1::2::3", "fe80::1%eth0",
		"1.2.3.4/4294967328", "1.2.3.0/024", "::", "::1", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::1:2:3:4:5:6:7", "1.2.3.4x"}
	cidrKeys = []string{"1.2.3.4", "1.2.3.5", "10.1.2.3", "192.168.1.1", "192.168.2.1", "8.8.8.8", "0.0.0.0", "255.255.255.255",
		"2001:db8::1", "2001:DB8::1", "2001:0db8:0000::0001", "2001:db9::1", "fe80::1", "::ffff:1.2.3.4", "::1", "::", "1.2.3.04",
		"[1.2.3.4]", "not-an-ip", "", "1:2:3:4:5:6:7:8", "::1.2.3.4", "1.2.3.4 ", "1.2.3.4\r"}
	words    = []string{"k", "K", "key", "Key", "user@example.com", "Example.COM", "example.com", "a b", "x", "k:", "1.2.3", "<>", "é", "ÉTÉ"}
	rxPats   = []string{"^k$", "^K", "k", "^(k)(e)?(y)?$", "^(.*)@(.*)$", "^x", ".", "^$", "^(a|ab)(c|bcd)?", "(e", "a[/]b", "^\\w+$", "^é", "^..$", "[[:digit:]]", "\\d", "^(k+)", "^k\\/", "^Example\\.COM$", "^(?!k)", "\\bk", "(?i)K", "k{1,2}", "[^a-z]", "^\\(k\\)", "^(.)\\1", "(a|b)*c", "^.{3}$", "[[:upper:]]", "^(x)?(k)", "@(.*)\\.com$", "^<>$", "^$|^k$"}
	rxFlags  = []string{"", "", "", "i", "m", "s", "x", "A", "E", "U", "X", "q", "ii", "im", "!"}
	results  = []string{"v1", "OK", "REJECT text", "r [$1]", "[$1] [$2] [${3}] [$(1)]", "$$ $$1", "$1st", "$0", "$2", "${1", "$", "a $ b", "${x}", "${01}", "$((1))", "", "trailing   ", "$1$"}
	valueSet = []string{"v1", "v 2", "OK", "REJECT x", "", "  spaced  "}
)

func pick(t *rapid.T, label string, s []string) string {
	return s[rapid.IntRange(0, len(s)-1).Draw(t, label)]
}

func genCIDR(t *rapid.T) string {
	n := rapid.IntRange(1, 14).Draw(t, "n")
	var b strings.Builder
	for i := 0; i < n; i++ {
		switch rapid.IntRange(0, 12).Draw(t, "kind") {
		case 0:
			fmt.Fprintf(&b, "if %s%s\n", pick(t, "neg", []string{"", "!", "! "}), pick(t, "pat", cidrPats))
		case 1:
			b.WriteString(pick(t, "endif", []string{"endif", "ENDIF", "endif x", "endif\t"}) + "\n")
		case 2:
			b.WriteString(pick(t, "misc", []string{"# comment", "", "  continued", "\t# indented comment", "if", "iffy x", "5.6.7.8", "!", "if !", "! x", "endifx y", "if!1.2.3.4", "ENDIF!x"}) + "\n")
		default:
			fmt.Fprintf(&b, "%s%s%s%s\n", pick(t, "neg", []string{"", "", "", "!", "! ", "!!"}), pick(t, "pat", cidrPats),
				pick(t, "sep", []string{" ", "\t", "  "}), pick(t, "val", valueSet))
		}
	}
	return b.String()
}

func genRx(t *rapid.T, regexp bool) string {
	n := rapid.IntRange(1, 10).Draw(t, "n")
	var b strings.Builder
	for i := 0; i < n; i++ {
		d := pick(t, "delim", []string{"/", "/", "/", "|", "{", "%"})
		pat := strings.ReplaceAll(pick(t, "pat", rxPats), "/", "\\/")
		if d != "/" {
			pat = pick(t, "pat", rxPats)
		}
		switch rapid.IntRange(0, 10).Draw(t, "kind") {
		case 0:
			fmt.Fprintf(&b, "%s %s%s%s%s%s\n", pick(t, "if", []string{"if", "IF", "If"}), pick(t, "neg", []string{"", "!"}), d, pat, d, pick(t, "extra", []string{"", "", " extra"}))
		case 1:
			b.WriteString(pick(t, "endif", []string{"endif", "ENDIF", "endif junk"}) + "\n")
		case 2:
			b.WriteString(pick(t, "misc", []string{"# comment", "", "  continued", "m/x/ y", "/unclosed", "\t# c", "!", "if", "if !", "if /a/!/b/", "!!", "/"}) + "\n")
		case 3:
			if regexp {
				fmt.Fprintf(&b, "%s/%s/%s!%s/%s/ %s\n", pick(t, "neg", []string{"", "!"}), pat, pick(t, "fl", []string{"", "i"}), pick(t, "neg2", []string{"", "!", " "}), pick(t, "pat2", []string{"y$", "e", "^(x)"}), pick(t, "res", results))
				continue
			}
			fallthrough
		default:
			fmt.Fprintf(&b, "%s%s%s%s%s%s%s\n", pick(t, "neg", []string{"", "", "", "!", "! ", "!!"}), d, pat, d, pick(t, "flags", rxFlags),
				pick(t, "sep", []string{"\t", " ", "", "  "}), pick(t, "res", results))
		}
	}
	return b.String()
}

func genHashSource(t *rapid.T) string {
	n := rapid.IntRange(1, 12).Draw(t, "n")
	var b strings.Builder
	for i := 0; i < n; i++ {
		switch rapid.IntRange(0, 8).Draw(t, "kind") {
		case 0:
			b.WriteString(pick(t, "bad", []string{"onlykey", "\"unbalanced x", "a\"b c", "k:", "\"\" v", "\"x\"\t", "# c", "", "  cont x", "a\\ b c", "\"q\\\"x\" y", "k\r v", "x y\r", "\tlead x", "K\f y", "e\u00e9 \u00c9"}) + "\n")
		default:
			k := pick(t, "key", words)
			if strings.Contains(k, " ") || rapid.IntRange(0, 5).Draw(t, "quote") == 0 {
				k = "\"" + k + "\""
			}
			fmt.Fprintf(&b, "%s%s%s\n", k, pick(t, "sep", []string{" ", "\t", "   "}), pick(t, "val", valueSet))
		}
	}
	return b.String()
}

func genKeys(t *rapid.T, pool []string) string {
	n := rapid.IntRange(10, 40).Draw(t, "nkeys")
	var b strings.Builder
	for i := 0; i < n; i++ {
		k := pick(t, "key", pool)
		if rapid.IntRange(0, 6).Draw(t, "mut") == 0 {
			k = strings.ToUpper(k)
		}
		b.WriteString(k + "\n")
	}
	return b.String()
}

func genInline(t *rapid.T) string {
	n := rapid.IntRange(1, 5).Draw(t, "n")
	var parts []string
	for i := 0; i < n; i++ {
		k, v := pick(t, "k", []string{"k", "K", "key", "x", ""}), pick(t, "v", []string{"1", "v", "", "a b"})
		if strings.Contains(v, " ") || rapid.Bool().Draw(t, "brace") {
			parts = append(parts, "{"+k+" = "+v+"}")
		} else {
			parts = append(parts, k+"="+v)
		}
	}
	return "inline:{" + strings.Join(parts, pick(t, "sep", []string{",", ", ", " "})) + "}"
}

func genComposite(t *rapid.T) string {
	n := rapid.IntRange(1, 3).Draw(t, "n")
	var parts []string
	for i := 0; i < n; i++ {
		switch rapid.IntRange(0, 11).Draw(t, "kind") {
		case 0, 6:
			parts = append(parts, "static:"+pick(t, "sv", []string{"x", "k", "{a b}"}))
		case 1:
			parts = append(parts, "fail:x")
		case 2, 7, 8:
			parts = append(parts, "texthash:h")
		default:
			parts = append(parts, genInline(t))
		}
	}
	typ := pick(t, "typ", []string{"unionmap", "pipemap"})
	return typ + ":{" + strings.Join(parts, ", ") + "}"
}

// TestPostmapDifferential runs generated tables and keys through the real
// postmap and through the drop-in, and requires byte-identical stdout,
// stderr and exit status. Disagreements are saved under
// testdata/regressions/ and replayed by TestRegressions.
func TestPostmapDifferential(t *testing.T) {
	pm := oracle.Tool(t, "postmap", "/usr/sbin/postmap")
	// Defaults sized for ~10,000+ compared keys in well under a minute;
	// an explicit -rapid.checks on the command line wins.
	setDefaultFlag("rapid.checks", "80")
	setDefaultFlag("rapid.shrinktime", "2s")
	setDefaultFlag("rapid.nofailfile", "true")
	var cases, compared, skipped atomic.Int64
	var parent *testing.T
	check := func(name string, gen func(*rapid.T) *pmCase) {
		parent.Run(name, func(t *testing.T) {
			t.Parallel()
			rapid.Check(t, func(rt *rapid.T) {
				c := gen(rt)
				c.Name = name
				nkeys := int64(strings.Count(string(c.Stdin), "\n"))
				if nkeys == 0 {
					nkeys = 1
				}
				cases.Add(nkeys)
				c.record(t, pm)
				var diffs []string
				dir := t.TempDir()
				c.materialize(t, dir)
				diffs = replayIn(t, c, dir)
				if diffs == nil && c.Stdout == "\x00skipped" {
					return
				}
				if len(diffs) == 1 && diffs[0] == "unsupported" {
					skipped.Add(nkeys)
					return
				}
				compared.Add(nkeys)
				if len(diffs) > 0 {
					sum := sha256.Sum256([]byte(strings.Join(strs(c.Args), "\x00") + string(c.Stdin) + fmt.Sprint(c.Files)))
					path := filepath.Join("testdata", "regressions", name+"-"+hex.EncodeToString(sum[:6])+".json")
					saveCase(t, path, c)
					rt.Fatalf("disagreement (saved %s):\n%s", path, strings.Join(diffs, "\n"))
				}
			})
		})
	}
	opts := func(rt *rapid.T) []string {
		return [][]string{nil, {"-f"}, {"-r"}, {"-w"}, {"-f", "-r"}}[rapid.IntRange(0, 4).Draw(rt, "opts")]
	}
	// The groups run in parallel inside "all"; t.Run returns when all are done.
	t.Run("all", func(t *testing.T) {
		parent = t
		check("cidr", func(rt *rapid.T) *pmCase {
			return &pmCase{Files: map[string]bs{"t.cidr": bs(genCIDR(rt))}, Args: q("-q", "-", "cidr:t.cidr"), Stdin: bs(genKeys(rt, cidrKeys))}
		})
		check("texthash", func(rt *rapid.T) *pmCase {
			return &pmCase{Files: map[string]bs{"h": bs(genHashSource(rt))}, Args: q(append(opts(rt), "-q", "-", "texthash:h")...), Stdin: bs(genKeys(rt, append(words, "\"a b\"", "\"k\"")))}
		})
		check("hash", func(rt *rapid.T) *pmCase {
			o := opts(rt)
			typ := pick(rt, "type", []string{"hash", "btree"})
			return &pmCase{Files: map[string]bs{"h": bs(genHashSource(rt))}, Build: [][]bs{q(append(o, typ+":h")...)},
				Args: q(append(o, "-q", "-", typ+":h")...), Stdin: bs(genKeys(rt, append(words, "\"a b\"", "\"k\"")))}
		})
		check("hash_single", func(rt *rapid.T) *pmCase {
			o := opts(rt)
			return &pmCase{Files: map[string]bs{"h": bs(genHashSource(rt))}, Build: [][]bs{q(append(o, "hash:h")...)},
				Args: q(append(o, "-q", pick(rt, "key", words), "hash:h", "texthash:h")...)}
		})
		check("inline_static", func(rt *rapid.T) *pmCase {
			return &pmCase{Args: q(append(opts(rt), "-q", "-", genInline(rt), "static:"+pick(rt, "sv", []string{"x", "x", "x", "{ a b }", "{ a b }", "{}", "{}", "{}", "{}", "{a"}))...), Stdin: bs(genKeys(rt, words))}
		})
		check("composite", func(rt *rapid.T) *pmCase {
			return &pmCase{Files: map[string]bs{"h": bs(genHashSource(rt))}, Args: q("-q", "-", genComposite(rt)), Stdin: bs(genKeys(rt, words))}
		})
		check("pcre", func(rt *rapid.T) *pmCase {
			return &pmCase{Files: map[string]bs{"t.pcre": bs(genRx(rt, false))}, Args: q("-q", "-", "pcre:t.pcre"), Stdin: bs(genKeys(rt, words))}
		})
		check("regexp", func(rt *rapid.T) *pmCase {
			return &pmCase{Files: map[string]bs{"t.regexp": bs(genRx(rt, true))}, Args: q("-q", "-", "regexp:t.regexp"), Stdin: bs(genKeys(rt, words))}
		})
		check("multi_map", func(rt *rapid.T) *pmCase {
			return &pmCase{Files: map[string]bs{"t.cidr": bs(genCIDR(rt)), "h": bs(genHashSource(rt))},
				Args: q("-q", "-", "texthash:h", "cidr:t.cidr", genInline(rt)), Stdin: bs(genKeys(rt, append(cidrKeys, words...)))}
		})
	})
	t.Logf("cases (keys looked up): %d, compared byte-for-byte: %d, skipped (a pattern or subject internal/regex refuses): %d", cases.Load(), compared.Load(), skipped.Load())
	if oracle.Required() && compared.Load() < 10000 {
		t.Errorf("only %d cases compared, want >= 10000", compared.Load())
	}
}

// replayIn is replay in an existing directory; it reports "unsupported"
// alone when our side refused a pattern the regex package cannot compile yet.
func replayIn(t *testing.T, c *pmCase, dir string) []string {
	for i, b := range c.Build {
		for _, a := range strs(b) {
			if typ, name, ok := strings.Cut(a, ":"); ok && dbSuffixFor(typ) != "" {
				os.WriteFile(filepath.Join(dir, name+dbSuffixFor(typ)), nil, 0o644)
			}
		}
		_, se, _ := runOurs(t, dir, strs(b), "")
		if i < len(c.BuildStderr) && se != string(c.BuildStderr[i]) {
			return []string{"build stderr:\n got: " + quote(se) + "\nwant: " + quote(string(c.BuildStderr[i]))}
		}
	}
	so, se, code := runOurs(t, dir, strs(c.Args), string(c.Stdin))
	if unsupported(se) {
		return []string{"unsupported"}
	}
	var diffs []string
	if so != string(c.Stdout) {
		diffs = append(diffs, "stdout:\n got: "+quote(so)+"\nwant: "+quote(string(c.Stdout)))
	}
	if se != string(c.Stderr) {
		diffs = append(diffs, "stderr:\n got: "+quote(se)+"\nwant: "+quote(string(c.Stderr)))
	}
	if code != c.Exit {
		diffs = append(diffs, fmt.Sprintf("exit: got %d want %d", code, c.Exit))
	}
	return diffs
}

// TestRegressions replays the disagreements the differential test found
// (hermetic: the expected output is postmap's recording).
func TestRegressions(t *testing.T) {
	for path, c := range loadCases(t, "testdata/regressions/*.json") {
		t.Run(filepath.Base(path), func(t *testing.T) {
			for _, d := range c.replay(t) {
				t.Error(d)
			}
		})
	}
}

// setDefaultFlag sets a flag unless it was given on the command line.
func setDefaultFlag(name, value string) {
	set := false
	flag.Visit(func(f *flag.Flag) {
		if f.Name == name {
			set = true
		}
	})
	if !set {
		flag.Set(name, value)
	}
}
