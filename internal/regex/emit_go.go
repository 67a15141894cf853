package regex

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"
)

// This file writes a parsed Tree as Go regexp/syntax text, for Go's
// linear-time engine. It is generic over the AST: every literal and class is
// written explicitly (\x{HH}, explicit ranges), every anchor by its meaning,
// so none of Go's own defaults (Unicode classes, (?s), (?m), case folding)
// ever applies. Nodes Go cannot reproduce exactly are refused with
// ErrUnsupported: backreferences, atomic groups, possessive repetition,
// conditionals, lookaround (except the word-start/word-end lookarounds that
// the neighbouring characters decide, see resolveLook), \G, PCRE's ^ and $
// forms that depend on a final newline, and word boundaries over any set
// other than Go's ASCII [0-9A-Za-z_].

// goMaxText bounds the emitted text (shared subtrees can multiply it).
const goMaxText = 1 << 20

// goMaxRepeat is the largest repetition count Go's regexp/syntax accepts.
const goMaxRepeat = 1000

type goEmitter struct {
	d    Dialect
	max  rune // largest code point of the subject alphabet
	b    strings.Builder
	err  *Error
	caps []int // source group number of each Go group, in Go's order
}

func (e *goEmitter) unsupported(n *Node, construct string) {
	if e.err == nil {
		e.err = &Error{Dialect: e.d, Code: ErrUnsupported, Offset: n.Pos, Construct: construct}
	}
}

// emitGo writes t as Go regexp syntax, or returns *Error{Code:
// ErrUnsupported} for a node Go's regexp cannot reproduce. Each group of t
// must appear once (see emitGoCaps).
func emitGo(t *Tree, d Dialect) (string, error) {
	s, caps, err := emitGoCaps(t, d)
	if err == nil && caps != nil {
		return "", &Error{Dialect: d, Code: ErrUnsupported, Construct: "group written more than once"}
	}
	return s, err
}

// emitGoCaps is emitGo for trees where a group may appear more than once
// (POSIX x{n,m} unrolled the way glibc does it). Go numbers every copy as
// a group of its own; caps then gives the source group of each Go group
// (caps[i] for Go group i+1), and remapGoCaps turns Go's submatches back
// into the source groups. caps is nil when the numbering is the same.
func emitGoCaps(t *Tree, d Dialect) (string, []int, error) {
	e := &goEmitter{d: d, max: MaxRune}
	if d.byteMode() {
		e.max = 0xff
	}
	e.node(t.Root)
	if e.err != nil {
		return "", nil, e.err
	}
	s := e.b.String()
	if _, err := syntax.Parse(s, syntax.Perl); err != nil {
		return "", nil, &Error{Dialect: d, Code: ErrUnsupported, Construct: "pattern too large for the linear-time engine (" + err.Error() + ")"}
	}
	identity := len(e.caps) == t.NCap
	for i, c := range e.caps {
		if c != i+1 {
			identity = false
		}
	}
	if identity {
		return s, nil, nil
	}
	return s, e.caps, nil
}

// remapGoCaps turns Go's submatch indexes m over the copies listed in caps
// (see emitGoCaps) into indexes of the ncap source groups. A source group
// takes the copy that ran last: every copy consumes input before the next
// one runs (the parser only unrolls groups that cannot match empty), so
// that is the set copy with the greatest start, and the later copy on a
// tie.
func remapGoCaps(m []int, caps []int, ncap int) []int {
	if m == nil || caps == nil {
		return m
	}
	out := make([]int, 2*(ncap+1))
	for i := range out {
		out[i] = -1
	}
	out[0], out[1] = m[0], m[1]
	for i, g := range caps {
		s, e := m[2*(i+1)], m[2*(i+1)+1]
		if s < 0 {
			continue
		}
		if out[2*g] < 0 || s >= out[2*g] {
			out[2*g], out[2*g+1] = s, e
		}
	}
	return out
}

func (e *goEmitter) node(n *Node) {
	if e.err != nil {
		return
	}
	if e.b.Len() > goMaxText {
		e.unsupported(n, "pattern too large for the linear-time engine")
		return
	}
	switch n.Op {
	case OpEmpty:
		e.b.WriteString(`(?:)`)
	case OpFail:
		e.b.WriteString(goFailClass)
	case OpLiteral:
		if n.Rune > e.max || n.Rune < 0 {
			e.b.WriteString(goFailClass)
			return
		}
		writeGoRune(&e.b, n.Rune)
	case OpClass:
		e.class(n.Class)
	case OpAssert:
		e.assert(n)
	case OpCapture:
		e.caps = append(e.caps, n.Cap)
		e.b.WriteByte('(')
		e.node(n.Sub[0])
		e.b.WriteByte(')')
	case OpRepeat:
		e.repeat(n)
	case OpConcat:
		e.concat(n)
	case OpAlternate:
		e.b.WriteString(`(?:`)
		for i, s := range n.Sub {
			if i > 0 {
				e.b.WriteByte('|')
			}
			e.node(s)
		}
		e.b.WriteByte(')')
	case OpLook:
		// A lookaround that resolveLook could not decide from its neighbours.
		if _, ok := e.charSet(n.Sub[0]); ok && !n.Negate && len(n.Sub) == 1 {
			e.unsupported(n, `one-character lookaround (POSIX \< or \>) that its neighbour does not decide`)
			return
		}
		e.unsupported(n, "lookaround")
	case OpAtomic:
		e.unsupported(n, "atomic group")
	case OpBackref:
		e.unsupported(n, "backreference")
	case OpCond:
		e.unsupported(n, "conditional")
	default:
		e.unsupported(n, fmt.Sprintf("node kind %d", n.Op))
	}
}

// goFailClass is a class that matches nothing.
const goFailClass = `[^\x00-\x{10FFFF}]`

func writeGoRune(b *strings.Builder, r rune) {
	fmt.Fprintf(b, `\x{%X}`, r)
}

func (e *goEmitter) class(c *Class) {
	m := c.Materialize(e.max)
	if len(m.Ranges) == 0 {
		e.b.WriteString(goFailClass)
		return
	}
	if r, ok := m.Single(); ok {
		writeGoRune(&e.b, r)
		return
	}
	e.b.WriteByte('[')
	for _, r := range m.Ranges {
		writeGoRune(&e.b, r.Lo)
		if r.Hi != r.Lo {
			e.b.WriteByte('-')
			writeGoRune(&e.b, r.Hi)
		}
	}
	e.b.WriteByte(']')
}

// isGoWordSet reports whether c, within the subject alphabet, is exactly
// the ASCII word set Go's \b uses.
func (e *goEmitter) isGoWordSet(c *Class) bool {
	if c == nil {
		return false
	}
	m := c.Materialize(e.max)
	want := []RuneRange{{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}}
	if len(m.Ranges) != len(want) {
		return false
	}
	for i := range want {
		if m.Ranges[i] != want[i] {
			return false
		}
	}
	return true
}

func (e *goEmitter) assert(n *Node) {
	switch n.Assert {
	case BeginText:
		e.b.WriteString(`\A`)
	case EndText:
		e.b.WriteString(`\z`)
	case BeginLineAny:
		e.b.WriteString(`(?m:^)`)
	case EndLine:
		e.b.WriteString(`(?m:$)`)
	case WordBoundary, NotWordBoundary:
		if !e.isGoWordSet(n.Class) {
			e.unsupported(n, "word boundary over a non-ASCII word set")
			return
		}
		if n.Assert == WordBoundary {
			e.b.WriteString(`\b`)
		} else {
			e.b.WriteString(`\B`)
		}
	case BeginLine:
		e.unsupported(n, "^ that does not match after a final newline")
	case EndTextOptNewline:
		e.unsupported(n, "$ that matches before a final newline")
	case StartOfSearch:
		e.unsupported(n, `\G`)
	default:
		e.unsupported(n, fmt.Sprintf("assertion kind %d", n.Assert))
	}
}

func (e *goEmitter) repeat(n *Node) {
	if n.Mode == Possessive {
		e.unsupported(n, "possessive repetition")
		return
	}
	if n.Min > goMaxRepeat || n.Max > goMaxRepeat {
		e.unsupported(n, fmt.Sprintf("repetition count above %d", goMaxRepeat))
		return
	}
	e.b.WriteString(`(?:`)
	e.node(n.Sub[0])
	e.b.WriteByte(')')
	switch {
	case n.Min == 0 && n.Max == -1:
		e.b.WriteByte('*')
	case n.Min == 1 && n.Max == -1:
		e.b.WriteByte('+')
	case n.Min == 0 && n.Max == 1:
		e.b.WriteByte('?')
	case n.Max == -1:
		fmt.Fprintf(&e.b, "{%d,}", n.Min)
	case n.Min == n.Max:
		fmt.Fprintf(&e.b, "{%d}", n.Min)
	default:
		fmt.Fprintf(&e.b, "{%d,%d}", n.Min, n.Max)
	}
	if n.Mode == Lazy {
		e.b.WriteByte('?')
	}
}

func (e *goEmitter) concat(n *Node) {
	e.b.WriteString(`(?:`)
	for i, s := range n.Sub {
		if s.Op == OpLook {
			switch e.resolveLook(n.Sub, i) {
			case lookTrue:
				continue
			case lookFalse:
				e.b.WriteString(goFailClass)
				continue
			}
		}
		e.node(s)
	}
	e.b.WriteByte(')')
}

type lookResult int

const (
	lookUnknown lookResult = iota
	lookTrue
	lookFalse
)

// resolveLook decides a positive one-character lookaround subs[i] from its
// neighbours in the concatenation: a lookahead for set L followed (after
// zero-width nodes) by a node whose first character is always in L is
// always true, and always false if that character is never in L;
// lookbehind likewise with the preceding node's last character. This is how
// glibc's \< and \> (a word boundary plus a look at the next or previous
// character) reach Go's \b when a word character follows or precedes.
func (e *goEmitter) resolveLook(subs []*Node, i int) lookResult {
	look := subs[i]
	if look.Negate || len(look.Sub) != 1 {
		return lookUnknown
	}
	l, ok := e.charSet(look.Sub[0])
	if !ok {
		return lookUnknown
	}
	var edge *Class
	var sibs []*Node
	if !look.Behind {
		sibs = subs[i+1:]
	} else {
		for j := i - 1; j >= 0; j-- {
			sibs = append(sibs, subs[j])
		}
	}
	u := &Class{}
	for _, sib := range sibs {
		c, nullable, ok := e.edgeSet(sib, !look.Behind)
		if !ok {
			return lookUnknown
		}
		u.Ranges = append(u.Ranges, c.Ranges...)
		if !nullable {
			u.Normalize()
			edge = u
			break
		}
	}
	if edge == nil {
		// What follows (precedes) the concatenation decides: unknown here.
		return lookUnknown
	}
	in := rangesOverlap(edge.Ranges, l.Ranges)
	out := rangesOverlap(edge.Ranges, (&Class{Neg: true, Ranges: l.Ranges}).Materialize(e.max).Ranges)
	switch {
	case in && !out:
		return lookTrue
	case out && !in:
		return lookFalse
	case !in && !out:
		return lookFalse // the neighbour can never match
	}
	return lookUnknown
}

// rangesOverlap reports whether two sorted, merged range lists share a code point.
func rangesOverlap(a, b []RuneRange) bool {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i].Hi < b[j].Lo:
			i++
		case b[j].Hi < a[i].Lo:
			j++
		default:
			return true
		}
	}
	return false
}

// charSet returns the materialized set of a one-character node.
func (e *goEmitter) charSet(n *Node) (*Class, bool) {
	switch n.Op {
	case OpLiteral:
		return &Class{Ranges: []RuneRange{{n.Rune, n.Rune}}}, true
	case OpClass:
		return n.Class.Materialize(e.max), true
	}
	return nil, false
}

// edgeSet returns the set of characters n's first (first=true) or last
// character can be, and whether n can match without consuming any.
func (e *goEmitter) edgeSet(n *Node, first bool) (set *Class, nullable, ok bool) {
	switch n.Op {
	case OpLiteral, OpClass:
		c, ok := e.charSet(n)
		return c, false, ok
	case OpAssert, OpLook, OpEmpty:
		return &Class{}, true, true
	case OpCapture, OpAtomic:
		return e.edgeSet(n.Sub[0], first)
	case OpRepeat:
		if n.Max == 0 {
			return &Class{}, true, true
		}
		c, nl, ok := e.edgeSet(n.Sub[0], first)
		return c, nl || n.Min == 0, ok
	case OpConcat, OpAlternate:
		u := &Class{}
		nullable = n.Op == OpConcat
		for k := range n.Sub {
			j := k
			if !first && n.Op == OpConcat {
				j = len(n.Sub) - 1 - k
			}
			c, nl, ok := e.edgeSet(n.Sub[j], first)
			if !ok {
				return nil, false, false
			}
			u.Ranges = append(u.Ranges, c.Ranges...)
			if n.Op == OpAlternate {
				nullable = nullable || nl
				continue
			}
			if !nl {
				nullable = false
				break
			}
		}
		u.Normalize()
		return u, nullable, true
	}
	return nil, false, false
}

// compileGoLongest compiles Go regexp syntax with leftmost-longest matching.
func compileGoLongest(expr string) (*regexp.Regexp, error) {
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, err
	}
	re.Longest()
	return re, nil
}
