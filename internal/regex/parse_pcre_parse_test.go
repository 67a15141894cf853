package regex

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// sexpr prints a tree compactly for shape tests: literals as 'c', classes as
// [lo-hi,…] in hex, assertions by kind, groups as (op …).
func sexpr(n *Node) string {
	var b strings.Builder
	var walk func(n *Node)
	walk = func(n *Node) {
		switch n.Op {
		case OpEmpty:
			b.WriteString("ε")
		case OpFail:
			b.WriteString("FAIL")
		case OpLiteral:
			if n.Rune > 0x20 && n.Rune < 0x7f {
				fmt.Fprintf(&b, "'%c'", n.Rune)
			} else {
				fmt.Fprintf(&b, "'\\x%02x'", n.Rune)
			}
		case OpClass:
			b.WriteByte('[')
			for i, r := range n.Class.Ranges {
				if i > 0 {
					b.WriteByte(',')
				}
				if r.Lo == r.Hi {
					fmt.Fprintf(&b, "%02x", r.Lo)
				} else {
					fmt.Fprintf(&b, "%02x-%02x", r.Lo, r.Hi)
				}
			}
			b.WriteByte(']')
		case OpAssert:
			b.WriteString([]string{"", "BeginText", "EndText", "EndTextOptNewline", "BeginLine", "BeginLineAny", "EndLine", "WordBoundary", "NotWordBoundary", "StartOfSearch"}[n.Assert])
		case OpBackref:
			fmt.Fprintf(&b, "\\%d", n.Cap)
			if n.Fold {
				b.WriteString("/i")
			}
		default:
			b.WriteByte('(')
			switch n.Op {
			case OpCapture:
				fmt.Fprintf(&b, "cap%d", n.Cap)
				if n.Name != "" {
					b.WriteString("<" + n.Name + ">")
				}
			case OpAtomic:
				b.WriteString("atomic")
			case OpLook:
				b.WriteString("look")
				if n.Behind {
					b.WriteString("behind")
				} else {
					b.WriteString("ahead")
				}
				if n.Negate {
					b.WriteString("!")
				}
			case OpRepeat:
				fmt.Fprintf(&b, "rep{%d,%d}%s", n.Min, n.Max, []string{"", "?", "+"}[n.Mode])
			case OpConcat:
				b.WriteString("cat")
			case OpAlternate:
				b.WriteString("alt")
			case OpCond:
				fmt.Fprintf(&b, "cond%d", n.Cap)
			}
			for _, s := range n.Sub {
				b.WriteByte(' ')
				walk(s)
			}
			b.WriteByte(')')
		}
	}
	walk(n)
	return b.String()
}

// The expected shapes follow spec/regex.md §4.4; the behaviour behind each
// one is also covered against pcre2test by TestPCREParseGolden and the probes.
func TestPCREParseShapes(t *testing.T) {
	for _, tc := range []struct {
		pat   string
		flags Flags
		want  string
	}{
		{`a`, 0, `'a'`},
		{`a`, Caseless, `[41,61]`},
		{`\xe9`, Caseless, `'\xe9'`},    // Latin-1 letters never fold
		{`(?i)\x41`, 0, `[41,61]`},      // escaped letters fold too
		{`.`, 0, `[00-09,0b-ff]`},       // not \n
		{`.`, DotAll, `[00-ff]`},        //
		{`\C`, 0, `[00-ff]`},            //
		{`\N`, DotAll, `[00-09,0b-ff]`}, // \N ignores DOTALL
		{`\s`, 0, `[09-0d,20]`},         // includes VT
		{`\h`, 0, `[09,20,a0]`},         //
		{`\v`, 0, `[0a-0d,85]`},         //
		{`\W`, 0, `[00-2f,3a-40,5b-5e,60,7b-ff]`},
		{`[[:alpha:][:^print:]]`, 0, `[00-1f,41-5a,61-7a,7f-ff]`},
		{`[[:upper:]]`, Caseless, `[41-5a,61-7a]`}, // upper → alpha when caseless
		{`[^a]`, Caseless, `[00-40,42-60,62-ff]`},
		{`[]a]`, 0, `[5d,61]`},
		{`[^]a]`, 0, `[00-5c,5e-60,62-ff]`},
		{`[\b]`, 0, `[08]`},
		{`[a-]`, 0, `[2d,61]`},
		{`[\Q]\E]`, 0, `[5d]`},
		{`[\d-]`, 0, `[2d,30-39]`},
		{`^$`, 0, `(cat BeginText EndTextOptNewline)`},
		{`^$`, Multiline, `(cat BeginLine EndLine)`},
		{`$`, DollarEndOnly, `EndText`},
		{`$`, DollarEndOnly | Multiline, `EndLine`},
		{`\A\Z\z\G`, 0, `(cat BeginText EndTextOptNewline EndText StartOfSearch)`},
		{`\b\B`, 0, `(cat WordBoundary NotWordBoundary)`},
		{`[[:<:]]`, 0, `(cat WordBoundary (lookahead [30-39,41-5a,5f,61-7a]))`},
		{`[[:>:]]`, 0, `(cat WordBoundary (lookbehind [30-39,41-5a,5f,61-7a]))`},
		{`(a)(?<n>b)(?'m'c)(?P<p>d)`, 0, `(cat (cap1 'a') (cap2<n> 'b') (cap3<m> 'c') (cap4<p> 'd'))`},
		{`(?n)(a)(?<x>b)`, 0, `(cat 'a' (cap1<x> 'b'))`},
		{`(?<n>a)\k<n>\k'n'\k{n}\g{n}(?P=n)\1\g1\g{1}\g{-1}`, 0, `(cat (cap1<n> 'a') \1 \1 \1 \1 \1 \1 \1 \1 \1)`},
		{`(a)\1`, Caseless, `(cat (cap1 [41,61]) \1/i)`},
		{`(a)\10`, 0, `(cat (cap1 'a') '\x08')`}, // octal: fewer than 10 groups so far
		{`(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\10`, 0, `(cat (cap1 'a') (cap2 'b') (cap3 'c') (cap4 'd') (cap5 'e') (cap6 'f') (cap7 'g') (cap8 'h') (cap9 'i') (cap10 'j') \10)`},
		{`a{,3}`, 0, `(cat 'a' '{' ',' '3' '}')`},
		{`a{2,3}?b*+c??`, 0, `(cat (rep{2,3}? 'a') (rep{0,-1}+ 'b') (rep{0,1}? 'c'))`},
		{`a*b*?c*+`, Ungreedy, `(cat (rep{0,-1}? 'a') (rep{0,-1} 'b') (rep{0,-1}+ 'c'))`},
		{`a b # c`, Extended, `(cat 'a' 'b')`},
		{`a+ ?`, Extended, `(rep{1,-1}? 'a')`},
		{`a{ 2 }`, Extended, `(cat 'a' '{' '2' '}')`},
		{`(?xx)[a b]`, 0, `[61-62]`},
		{`(?x)[a b]`, 0, `[20,61-62]`},
		{`a(?#x)+`, 0, `(rep{1,-1} 'a')`},
		{`a(?C1)b(?C"x")c`, 0, `(cat 'a' 'b' 'c')`},
		{`\Qa.b`, 0, `(cat 'a' '.' 'b')`},
		{`a\Eb`, 0, `(cat 'a' 'b')`},
		{`(*LF)(*NO_JIT)(*LIMIT_MATCH=10)a`, 0, `'a'`},
		{`a(*F)|b(*FAIL)`, 0, `(alt (cat 'a' FAIL) (cat 'b' FAIL))`},
		{`\R`, 0, `(atomic (alt (cat '\x0d' '\x0a') [0a-0d,85]))`},
		{`a`, Anchored, `(cat BeginText 'a')`},
		{`(?i:a)b(?i)c|d`, 0, `(alt (cat [41,61] 'b' [43,63]) [44,64])`},
		{`(a(?i)b|c)d`, 0, `(cat (cap1 (alt (cat 'a' [42,62]) [43,63])) 'd')`},
		{`(?i)a(?^)b`, 0, `(cat [41,61] 'b')`},
		{`(?=a)*b(?=c){0}`, 0, `(cat (rep{0,-1} (lookahead 'a')) 'b' (rep{0,0} (lookahead 'c')))`},
		{`(?(1)a|b)(c)`, 0, `(cat (cond1 'a' 'b') (cap1 'c'))`},
		{`(?(<n>)a)(?<n>c)`, 0, `(cat (cond1 'a') (cap1<n> 'c'))`},
		{`(?(?=x)a|b)`, 0, `(cat (alt (cat (lookahead 'x') 'a') (cat (lookahead! 'x') 'b')))`},
		{`(?<=ab|c)`, 0, `(lookbehind (alt (cat 'a' 'b') 'c'))`},
		{`\p{Lu}`, Caseless, `[41-5a,c0-d6,d8-de]`}, // properties do not fold
		{`[\x{41}-\o{103}]`, Caseless, `[41-43,61-63]`},
		{`\cA\e\a\f\n\r\t\0\101\_`, 0, `(cat '\x01' '\x1b' '\x07' '\x0c' '\x0a' '\x0d' '\x09' '\x00' 'A' '_')`},
	} {
		tr, err := parsePCRE(tc.pat, tc.flags)
		if err != nil {
			t.Errorf("%q: %v", tc.pat, err)
			continue
		}
		if got := sexpr(tr.Root); got != tc.want {
			t.Errorf("%q flags %v:\n got %s\nwant %s", tc.pat, tc.flags, got, tc.want)
		}
	}
}

func TestPCREParseNames(t *testing.T) {
	tr, err := parsePCRE(`(a)(?<x>b)(?P<y>c)`, 0)
	if err != nil {
		t.Fatal(err)
	}
	if tr.NCap != 3 || tr.Names["x"] != 2 || tr.Names["y"] != 3 || len(tr.Names) != 2 {
		t.Errorf("NCap %d Names %v", tr.NCap, tr.Names)
	}
}

// Constructs PCRE2 accepts that we refuse; the offset is the construct's.
func TestPCREParseUnsupported(t *testing.T) {
	for _, tc := range []struct {
		pat       string
		construct string
		off       int
	}{
		{`a\Kb`, `\K`, 1},
		{`(?|(a)|(b))`, `(?| branch reset`, 0},
		{`(a|b(?1))`, `(?N) subroutine call`, 4},
		{`(?R)`, `(?R) recursion`, 0},
		{`(?<n>a)(?&n)`, `(?& subroutine call`, 7},
		{`(*UTF)a`, `(*UTF)`, 0},
		{`(*CRLF)a`, `(*CRLF)`, 0},
		{`a(*SKIP)b`, `(*SKIP)`, 1},
		{`(?J)(?<n>a)|(?<n>b)`, `(?J) duplicate group names`, 0},
		{`(?(DEFINE)(?<d>a))`, `(?(DEFINE)`, 0},
		{`(?(R)a)`, `(?(R recursion condition`, 0},
		{`(?(?=(a))a)`, `capture inside a condition assertion`, 0},
		{`(a)(?<=\1)`, `backreference in a lookbehind`, 7},
		{`\X`, `\X`, 0},
		{`\p{Greek}`, `\p{greek}`, 0},
		{`(}|\1?)v`, `optional back reference inside the group it refers to`, 3},
		{` {2,}(\?)?+\B`, `one-character repeat followed by an optional possessive or atomic group (PCRE2 auto-possessification)`, 9},
		{`(a?){2}`, `repeat of a group that can match empty and sets a group (PCRE2 and regexp2 count such iterations differently)`, 4},
		{`(?:a|\A){0}_`, `{0} group containing an assertion`, 8},
		{`(?:ab){7000}`, `pattern too large to be sure PCRE2 accepts it (error 120 risk)`, 0},
	} {
		_, err := parsePCRE(tc.pat, 0)
		var e *Error
		if !errors.As(err, &e) || e.Code != ErrUnsupported || e.Construct != tc.construct || e.Offset != tc.off {
			t.Errorf("%q: got %v, want unsupported %q at %d", tc.pat, err, tc.construct, tc.off)
		}
	}
}

// An unsupported construct never hides PCRE2's own error for the pattern.
func TestPCREParseErrorBeatsUnsupported(t *testing.T) {
	_, err := parsePCRE(`(?|a)\K(`, 0)
	var e *Error
	if !errors.As(err, &e) || e.Code != ErrInvalid || e.SourceNum != 114 || e.Offset != 8 {
		t.Fatalf("got %v", err)
	}
	if got := e.Error(); got != "pcre2: error at offset 8: missing closing parenthesis" {
		t.Errorf("Error() = %q", got)
	}
}

// pcreParseGoldenPatterns are compiled by pcre2test and by us; errors must
// agree in number, offset and message. Written for this test (not from
// PCRE2's test suite).
var pcreParseGoldenPatterns = []string{
	`a(`, `a)`, `*a`, `a**`, `a{2}{3}`, `a{2,1}`, `a{65536}`, `a{65535}`, `a{1,65536}`, `[a`, `[z-a]`, `(?<=a+)b`,
	`(a)\2`, `a\`, `\y`, `\i`, `\_`, `[\w-.]`, `[\d-z]`, `[a-\d]`, `[a-[:digit:]]`, `[[:digit:]-z]`, `[[:digit:]-]`,
	`(?<n>a)(?<n>b)`, `a{,3}`, `\x{100}`, `\x{ff}`, `\x{0000ff}`, `\xzz`, `\x{zz}`, `\x{}`, `\x{41`,
	`\o{8}`, `\o`, `\o{}`, `\o{400}`, `\o{377}`, `\400`, `\377`, `\k<zz>`, `(?(2)a)`, `x(?<=ab|c(d|ef))`,
	`(?<=a(?=b+))`, `\c`, `\c` + "\xe9", `\c{`, `(?P<1a>x)`, `(?z)`, `(*FOO)`, `(*foo:a)`, `[[:foo:]]`, `[:alpha:]`,
	`[.a.]`, `\g`, `\g{0}`, `\g{-2}(a)`, `\g{+1}(a)`, `\g+1(a)`, `\g{1x}`, `\g{-x}`, `(?(?<=a)b|c|d)`, `^*`, `$*`,
	`\b*`, `\A+`, `a(?i)*`, `(?i)*`, `a(?C)*`, `(*F)*`, `(?=a)*`, `(*)`, `(*`, `a\N{2}`, `\N{x}`, `\N{U+41}`,
	`(?<=a(*F))b`, `(?<=a(*ACCEPT)b+)`, `\8`, `(a)\8`, `(?C256)`, `(?C1x`, `(?C"ab"x)`, `(?C"ab`, `(?Cx)`,
	`(?^-i)`, `(?i-^)`, `(?-)`, `(?)`, `(?`, `(?<`, `(?P`, `(?Px)`, `(?P=n)`, `(?<n>a)(?P=n`, `(?<n`,
	`(?<=(a|bc))x`, `(?<=a{2,})`, `(?<=\R)`, `(?<=\X)`, `(?<=(?<!a+)b)`, `(*plb:a+)`, `[\N]`, `[\k]`, `[\C]`,
	`[\B]`, `[\R]`, `[\X]`, `[\A]`, `(?(-1)a)`, `(?(1a)x)`, `(?(foo)a)`, `\k`, `\k<1>`, `(?<1>a)`, `\p`, `\p{`,
	`\p{L`, `\p{Xx}`, `\p1`, `[\p{L}-z]`, `[a-\p{L}]`, `(?+x)`, `(?R`, `(?1`, `(?&`, `(?&1)`, `(*MARK)`,
	`(*MARK:x`, `(*COMMIT)?`, `\g<a`, `\g<1`, `\g<1>`, `(?<=\1)(a|bc)`, `(?<=(?1))(a+)`, `(?(?<=a+)b)`,
	`(?<=(?R))`, `xx(?(1)a|b|c)()`, `xx(?(<n>)a|b|c)(?<n>)`, `xx(?(?=a)a|b|c)`, `x\2(?(?=a)a|b|c)`,
	`(?#abc`, `(?x)a#b`, `[]`, `[^]`, `[]]`, `[\]`, `[\Q]`, `[\E]`, `[a-\Q\E]`, `[\Qa-\E-z]`, `\Q`, `\E`,
	`\u0041`, `\U`, `\L`, `\l`, `\F`, `(?|(a)|(b))\2`, `(*UTF)\x{100}`, `(*LIMIT_MATCH=)a`, `(*LIMIT_MATCH=1a)a`,
	`(*LIMIT_DEPTH=99)a`, `(?'n'a)\k'n'\k{n}\g{n}`, `\10(a)`, `(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\10`,
	`\81`, `\91`, `[\8\9]`, `(?i)[\x{c0}]`, `a{1,2}+{2}`, `(?x)a { 2 }`, `(?xx)[a b`, `[[:<:]]*`, `[[:>:]]{2}`,
	`\1(?<=\1)(a)`, `(?<=a|bc|def)`, `(?<=(?:a|b)c)`, `(?<=a(?:b|cd))`, `(?<=a{3}b{0})`, `(?<=\d\w\s.\C)`,
	`(?<=\b\Bx\A)`, `(?<=(?<=a)b)`, `(?<=(?=a+)b)`, `(?<!a*)`, `(?i)(?<n>a)(?-i)\k<n>`, `a(?#x)(?#y`,
	"(?|(?'a'aaa)|(?'a'b))\\k'a'", `(?|(?<a>x)|(?<b>y))`, `(?|(a)|(b)(c))\3`, `(?|(a)|(b))(c)\3`, `(?|(a)|(b))(c)\2`,
	`(?=(\1?x)){2,}`, `(?<=X(?(DEFINE)(.*))Y).`, `(?<=a(?(DEFINE)b|c))`,
	`(?=a\K)`, `(?=a\K)\2`, `\2(?=a\K)`, `(?<=a+\K)`, `(?(?=\K)a)`,
	`(?:ab){3000}`, `(?:ab){5000}`, `(?:ab){6000}`, `(?i)(?:xy){5000}`, `(?:[a-z]\d){1500}`, `(?:a|b){20000}`,
	`(ab){10000}`, `(?:(?:ab){100}){30}`, `(?:x{65535}){2}`, strings.Repeat("(", 221) + "a" + strings.Repeat(")", 221),
	strings.Repeat("(?:", 250) + "a" + strings.Repeat(")", 250), strings.Repeat("(", 200) + "a" + strings.Repeat(")", 200),
	"\\\n", "(?x)\\\n", "(?x)a\x85+", "(?x)a\xa0+", `a{2}+?`, `a??+`, `a+?+`, `[[:^alpha:]-]`, `[\w-]`,
}

func TestPCREParseGolden(t *testing.T) {
	var cases []ppCase
	for _, p := range pcreParseGoldenPatterns {
		cases = append(cases, ppCase{id: fmt.Sprintf("%x", p), pattern: p, compile: true})
	}
	want := ppGolden(t, "parse.golden", cases)
	same, rej := ppCompare(t, cases, want)
	t.Logf("%d patterns: %d same as PCRE2, %d typed rejections", len(cases), same, rej)
}
