package regex

import (
	"bytes"
	"sort"
	"unicode/utf8"
)

// A prefilter is a necessary condition for a match, checked on the raw
// subject bytes before any regex runs: a conjunction of requirements, each
// a set of literals of which at least one must occur. It may only ever say
// "cannot match"; it is built from literals every match must contain.
// It is the main speed lever on non-matching lines, and it copies PCRE2's
// "required code unit" shortcut, which turns some exponential inputs
// (`(a+)*b` with no b) into an instant no-match.
type prefilter struct {
	reqs [][]literal // each: at least one must occur
}

// literal is a byte string to search for; fold means ASCII case-insensitive.
type literal struct {
	b    []byte // lower-cased when fold
	fold bool
	// probe is the index in b of the byte to locate first with IndexByte:
	// a non-letter when there is one, so the search is exact and fast.
	probe int
}

// minLiteral is the shortest literal kept. One byte is enough: a single
// IndexByte is cheap, and it is PCRE2's own "required code unit" check,
// which answers `^(a|aa)*b` on a line of a's with no b at once.
const minLiteral = 1

func (p *prefilter) mayMatch(s []byte) bool {
	for _, req := range p.reqs {
		if !anyIn(req, s) {
			return false
		}
	}
	return true
}

// anyIn reports whether one of the literals occurs in s. When they are all
// exact and start with the same byte, one scan for that byte tests them all
// (`\[(10|127|192\.168)\.` on a line full of 1s).
func anyIn(req []literal, s []byte) bool {
	if len(req) > 1 && sharedFirstByte(req) {
		c := req[0].b[0]
		for i := 0; ; {
			j := bytes.IndexByte(s[i:], c)
			if j < 0 {
				return false
			}
			i += j
			for k := range req {
				if bytes.HasPrefix(s[i:], req[k].b) {
					return true
				}
			}
			i++
		}
	}
	for i := range req {
		if req[i].in(s) {
			return true
		}
	}
	return false
}

func sharedFirstByte(req []literal) bool {
	for _, l := range req {
		if l.fold || l.b[0] != req[0].b[0] {
			return false
		}
	}
	return true
}

func (l *literal) in(s []byte) bool {
	if !l.fold {
		return bytes.Contains(s, l.b)
	}
	n := len(l.b)
	if len(s) < n {
		return false
	}
	// Candidate positions of the probe byte, in each case, are searched
	// separately; each search resumes only when its candidate is used.
	c := l.b[l.probe]
	upper := c
	if c >= 'a' && c <= 'z' {
		upper = c - 'a' + 'A'
	}
	last := len(s) - n + l.probe // last position the probe byte can have
	nextLower, nextUpper := -2, -2
	if upper == c {
		nextUpper = -1 // one case only
	}
	for i := l.probe; i <= last; {
		if nextLower < i && nextLower != -1 {
			nextLower = indexFrom(s[:last+1], c, i)
		}
		if nextUpper < i && nextUpper != -1 {
			nextUpper = indexFrom(s[:last+1], upper, i)
		}
		p := nextLower
		if p < 0 || (nextUpper >= 0 && nextUpper < p) {
			p = nextUpper
		}
		if p < 0 {
			return false
		}
		if start := p - l.probe; equalFoldASCII(s[start:start+n], l.b) {
			return true
		}
		i = p + 1
	}
	return false
}

// indexFrom returns the index of c in s at or after i, or -1.
func indexFrom(s []byte, c byte, i int) int {
	j := bytes.IndexByte(s[i:], c)
	if j < 0 {
		return -1
	}
	return i + j
}

// equalFoldASCII compares s with lower-case lit, folding ASCII letters only.
func equalFoldASCII(s, lit []byte) bool {
	for i, c := range s {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lit[i] {
			return false
		}
	}
	return true
}

// buildPrefilter extracts required literals from t.
func buildPrefilter(t *Tree, d Dialect) prefilter {
	x := extractor{byteMode: d.byteMode()}
	reqs := x.required(t.Root)
	// Keep the most selective few (longest shortest-literal), then check
	// the cheapest first: a single literal before a set of alternatives.
	sort.SliceStable(reqs, func(i, j int) bool { return minLen(reqs[i]) > minLen(reqs[j]) })
	if len(reqs) > 3 {
		reqs = reqs[:3]
	}
	sort.SliceStable(reqs, func(i, j int) bool { return len(reqs[i]) == 1 && len(reqs[j]) > 1 })
	var p prefilter
	for _, r := range reqs {
		var req []literal
		for _, l := range r {
			req = append(req, makeLiteral(l))
		}
		p.reqs = append(p.reqs, req)
	}
	return p
}

func minLen(ls []lit) int {
	m := 1 << 30
	for _, l := range ls {
		if len(l.chars) < m {
			m = len(l.chars)
		}
	}
	return m
}

// lit is a literal under construction: a run of characters, each exact or
// an ASCII case pair.
type lit struct {
	chars []rune
	fold  bool
}

func makeLiteral(l lit) literal {
	var b []byte
	for _, r := range l.chars {
		if l.fold && r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		b = utf8.AppendRune(b, r)
	}
	out := literal{b: b, fold: l.fold}
	// Probe with the rarest byte; for a caseless literal prefer a byte
	// without case, which needs one search instead of two.
	best := -1
	for i, c := range b {
		score := int(byteRank[c])
		if l.fold && c >= 'a' && c <= 'z' {
			score += 256
		}
		if best < 0 || score < best {
			best, out.probe = score, i
		}
	}
	return out
}

// byteRank orders bytes by how often they occur in mail headers and logs:
// lower is rarer. Letters and common punctuation are ranked by English
// letter frequency; everything not listed is rare.
var byteRank = func() (r [256]uint8) {
	const common = " etaoinsrhldcumfpgwybvkxjqz" // most frequent first (lower case)
	for i := range r {
		r[i] = 10
	}
	for i := 0; i < len(common); i++ {
		c := common[i]
		r[c] = uint8(200 - i*6)
		if c >= 'a' && c <= 'z' {
			r[c-'a'+'A'] = uint8(150 - i*4)
		}
	}
	for _, c := range []byte("0123456789.:-=<>[]()/,;_@") {
		r[c] = 60
	}
	return r
}()

type extractor struct{ byteMode bool }

// charOf returns the character n stands for when n matches exactly one
// character that the prefilter can search for in the raw bytes: a literal,
// or an ASCII letter in both cases.
func (x *extractor) charOf(n *Node) (r rune, fold, ok bool) {
	switch n.Op {
	case OpLiteral:
		r = n.Rune
	case OpClass:
		c := n.Class
		if c.Neg || len(c.Props) > 0 {
			return 0, false, false
		}
		if s, single := c.Single(); single {
			r = s
		} else if len(c.Ranges) == 2 && c.Ranges[0].Lo == c.Ranges[0].Hi && c.Ranges[1].Lo == c.Ranges[1].Hi &&
			c.Ranges[0].Lo >= 'A' && c.Ranges[0].Lo <= 'Z' && c.Ranges[1].Lo == c.Ranges[0].Lo+'a'-'A' {
			return c.Ranges[1].Lo, true, true
		} else {
			return 0, false, false
		}
	default:
		return 0, false, false
	}
	if x.byteMode {
		// In byte mode a code point is a byte; bytes ≥ 0x80 are searched as
		// themselves, not as UTF-8, so keep literals ASCII.
		if r >= 0x80 {
			return 0, false, false
		}
	} else if r == utf8.RuneError {
		// U+FFFD in the decoded text may come from invalid bytes.
		return 0, false, false
	}
	return r, false, true
}

// required returns the requirements every match of n satisfies.
func (x *extractor) required(n *Node) [][]lit {
	switch n.Op {
	case OpConcat:
		var out [][]lit
		var run lit
		flush := func() {
			if len(run.chars) >= minLiteral {
				out = append(out, []lit{run})
			}
			run = lit{}
		}
		for _, s := range n.Sub {
			if s.Op == OpAssert || s.Op == OpLook {
				continue // zero-width: characters on both sides stay adjacent
			}
			if r, fold, ok := x.charOf(s); ok {
				run.chars = append(run.chars, r)
				run.fold = run.fold || fold
				continue
			}
			flush()
			out = append(out, x.required(s)...)
		}
		flush()
		return out
	case OpLiteral, OpClass:
		return nil
	case OpCapture, OpAtomic:
		return x.required(n.Sub[0])
	case OpRepeat:
		if n.Min >= 1 {
			return x.required(n.Sub[0])
		}
		return nil
	case OpAlternate:
		var alts []lit
		for _, s := range n.Sub {
			best := x.best(s)
			if best == nil {
				return nil
			}
			alts = append(alts, best...)
		}
		if len(alts) > 16 {
			return nil
		}
		return [][]lit{alts}
	}
	return nil
}

// best returns the single most selective requirement of n, or nil.
func (x *extractor) best(n *Node) []lit {
	reqs := x.required(n)
	if len(reqs) == 0 {
		return nil
	}
	sort.SliceStable(reqs, func(i, j int) bool { return minLen(reqs[i]) > minLen(reqs[j]) })
	return reqs[0]
}
