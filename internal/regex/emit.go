package regex

import (
	"strconv"
	"strings"
)

// emitRegexp2 writes the canonical regexp2 pattern for t. The result is
// compiled with options 0: every flag of the source dialect is already in
// the tree, captures are plain numbered groups (so numbering is the
// source's left-to-right numbering), and every literal and class is written
// out explicitly so that regexp2's own defaults never apply.
//
// In byte mode a run of ASCII letters that each stand for both cases is
// written as one (?i:…) group, which lets regexp2 use its case-insensitive
// literal search. That is exact there: subjects hold code points 0–255
// only, and no ASCII letter's case orbit (k and K with U+212A, s and S with
// U+017F) has another member in that range.
//
// Further, when every class in a byte-mode tree is closed under the case
// pairs that exist within 0–255 and every backreference is caseless, the
// whole pattern is written under one global (?i): then regexp2 compares
// lower-cased characters instead of testing a set per character, which is
// much faster, and the meaning is the same.
func emitRegexp2(t *Tree, byteMode bool) string {
	b := emitter{foldRuns: byteMode}
	if byteMode && caseClosed(t.Root) {
		b.globalFold = true
		b.WriteString("(?i)")
	}
	b.node(t.Root)
	return b.String()
}

// latin1Pair returns the other case of c within 0–255, as regexp2 folds
// it, or -1.
func latin1Pair(c rune) rune {
	switch {
	case c >= 'A' && c <= 'Z', c >= 0xC0 && c <= 0xDE && c != 0xD7:
		return c + 0x20
	case c >= 'a' && c <= 'z', c >= 0xE0 && c <= 0xFE && c != 0xF7:
		return c - 0x20
	}
	return -1
}

// caseClosed reports whether caseless matching cannot change what any node
// of n matches in byte mode.
func caseClosed(n *Node) bool {
	ok := true
	Walk(n, func(x *Node) bool {
		switch x.Op {
		case OpLiteral:
			ok = ok && latin1Pair(x.Rune) < 0
		case OpClass:
			c := x.Class.Materialize(0xFF)
			for _, r := range c.Ranges {
				for ch := r.Lo; ch <= r.Hi && ok; ch++ {
					if p := latin1Pair(ch); p >= 0 && !c.Contains(p) {
						ok = false
					}
				}
			}
		case OpBackref:
			ok = ok && x.Fold
		}
		return ok
	})
	return ok
}

// emitter writes a regexp2 pattern.
type emitter struct {
	strings.Builder
	foldRuns   bool // write runs of ASCII case pairs as (?i:…)
	globalFold bool // the pattern is under a global (?i): a case pair is its lower-case letter
}

// asciiFold returns the lower-case letter when n is a class of exactly one
// ASCII letter in both cases.
func asciiFold(n *Node) (byte, bool) {
	if n.Op != OpClass || n.Class.Neg || len(n.Class.Props) != 0 || len(n.Class.Ranges) != 2 {
		return 0, false
	}
	u, l := n.Class.Ranges[0], n.Class.Ranges[1]
	if u.Lo != u.Hi || l.Lo != l.Hi || u.Lo < 'A' || u.Lo > 'Z' || l.Lo != u.Lo+'a'-'A' {
		return 0, false
	}
	return byte(l.Lo), true
}

// caseless returns the character when n matches one ASCII character that
// has no case (a digit or a symbol), so it can stand inside (?i:…).
func caseless(n *Node) (rune, bool) {
	var r rune
	switch n.Op {
	case OpLiteral:
		r = n.Rune
	case OpClass:
		s, ok := n.Class.Single()
		if !ok {
			return 0, false
		}
		r = s
	default:
		return 0, false
	}
	if r >= 0x80 || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
		return 0, false
	}
	return r, true
}

// concat writes the items of a concatenation.
func (b *emitter) concat(subs []*Node) {
	for i := 0; i < len(subs); i++ {
		s := subs[i]
		if c, ok := asciiFold(s); ok && b.globalFold {
			b.WriteByte(c)
			continue
		}
		if c, ok := asciiFold(s); ok && b.foldRuns {
			b.WriteString("(?i:")
			b.WriteByte(c)
			for i+1 < len(subs) {
				if c, ok := asciiFold(subs[i+1]); ok {
					b.WriteByte(c)
				} else if r, ok := caseless(subs[i+1]); ok {
					emitRune(&b.Builder, r, false)
				} else {
					break
				}
				i++
			}
			b.WriteByte(')')
			continue
		}
		if s.Op == OpAlternate {
			b.WriteString("(?:")
			b.node(s)
			b.WriteByte(')')
			continue
		}
		b.node(s)
	}
	if len(subs) == 0 {
		b.WriteString("(?:)")
	}
}

// class writes a class, as regexp2's own dot when it is exactly "any
// character" or "any but newline" in the subject's domain (0–255 in byte
// mode), so that regexp2's optimizations for .* apply.
func (b *emitter) class(c *Class) {
	max := rune(MaxRune)
	if b.foldRuns {
		max = 0xFF
	}
	if !c.Neg && len(c.Props) == 0 {
		switch {
		case len(c.Ranges) == 1 && c.Ranges[0].Lo == 0 && c.Ranges[0].Hi >= max:
			b.WriteString("(?s:.)")
			return
		case len(c.Ranges) == 2 && c.Ranges[0] == RuneRange{0, '\n' - 1} &&
			c.Ranges[1].Lo == '\n'+1 && c.Ranges[1].Hi >= max:
			b.WriteString("(?-s:.)")
			return
		}
	}
	emitClass(&b.Builder, c)
}

func (b *emitter) node(n *Node) {
	switch n.Op {
	case OpEmpty:
		b.WriteString("(?:)")
	case OpFail:
		b.WriteString("(?!)")
	case OpLiteral:
		emitRune(&b.Builder, n.Rune, false)
	case OpClass:
		b.class(n.Class)
	case OpAssert:
		emitAssert(&b.Builder, n)
	case OpCapture:
		b.WriteByte('(')
		b.node(n.Sub[0])
		b.WriteByte(')')
	case OpAtomic:
		b.WriteString("(?>")
		b.node(n.Sub[0])
		b.WriteByte(')')
	case OpLook:
		b.WriteString("(?")
		if n.Behind {
			b.WriteByte('<')
		}
		if n.Negate {
			b.WriteByte('!')
		} else {
			b.WriteByte('=')
		}
		b.node(n.Sub[0])
		b.WriteByte(')')
	case OpRepeat:
		b.repeat(n)
	case OpConcat:
		b.concat(n.Sub)
	case OpAlternate:
		for i, s := range n.Sub {
			if i > 0 {
				b.WriteByte('|')
			}
			b.node(s)
		}
	case OpBackref:
		if n.Fold {
			b.WriteString("(?i:")
		}
		b.WriteString(`\k<`)
		b.WriteString(strconv.Itoa(n.Cap))
		b.WriteByte('>')
		if n.Fold {
			b.WriteByte(')')
		}
	case OpCond:
		b.WriteString("(?(")
		var yes, no *Node
		if n.Cap > 0 {
			b.WriteString(strconv.Itoa(n.Cap))
			b.WriteByte(')')
			yes = n.Sub[0]
			if len(n.Sub) > 1 {
				no = n.Sub[1]
			}
		} else {
			// The condition is a lookaround; regexp2 writes it as (?(?=…)…).
			look := n.Sub[0]
			b.WriteByte('?')
			if look.Behind {
				b.WriteByte('<')
			}
			if look.Negate {
				b.WriteByte('!')
			} else {
				b.WriteByte('=')
			}
			b.node(look.Sub[0])
			b.WriteByte(')')
			yes = n.Sub[1]
			if len(n.Sub) > 2 {
				no = n.Sub[2]
			}
		}
		// Wrap each branch so that an alternation inside it stays inside it.
		b.WriteString("(?:")
		b.node(yes)
		b.WriteByte(')')
		if no != nil {
			b.WriteString("|(?:")
			b.node(no)
			b.WriteByte(')')
		}
		b.WriteByte(')')
	default:
		panic("regex: emit: unknown op " + strconv.Itoa(int(n.Op)))
	}
}

func (b *emitter) repeat(n *Node) {
	if n.Mode == Possessive {
		b.WriteString("(?>")
	}
	b.WriteString("(?:")
	b.node(n.Sub[0])
	if atomicBody(n.Sub[0]) {
		// regexp2 v2.12.0 makes a greedy loop whose body is an atomic group
		// atomic itself: (?>a?)?a fails on "a". An always-true assertion
		// after the body keeps the loop backtrackable.
		b.WriteString("(?!(?!))")
	}
	b.WriteByte(')')
	switch {
	case n.Min == 0 && n.Max == -1:
		b.WriteByte('*')
	case n.Min == 1 && n.Max == -1:
		b.WriteByte('+')
	case n.Min == 0 && n.Max == 1:
		b.WriteByte('?')
	default:
		b.WriteByte('{')
		b.WriteString(strconv.Itoa(n.Min))
		if n.Max != n.Min {
			b.WriteByte(',')
			if n.Max >= 0 {
				b.WriteString(strconv.Itoa(n.Max))
			}
		}
		b.WriteByte('}')
	}
	if n.Mode == Lazy {
		b.WriteByte('?')
	}
	if n.Mode == Possessive {
		b.WriteByte(')')
	}
}

// atomicBody reports whether n is an atomic group or a possessive
// repetition (emitted as one), possibly inside one-element sequences.
func atomicBody(n *Node) bool {
	for n.Op == OpConcat && len(n.Sub) == 1 {
		n = n.Sub[0]
	}
	return n.Op == OpAtomic || n.Op == OpRepeat && n.Mode == Possessive
}

// emitRune writes one code point so that regexp2 reads it as that literal
// character, inside or outside a class: ASCII letters and digits as they are,
// everything else as \x{H}.
func emitRune(b *strings.Builder, r rune, inClass bool) {
	if r < 0x80 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
		b.WriteRune(r)
		return
	}
	b.WriteString(`\x{`)
	b.WriteString(strconv.FormatInt(int64(r), 16))
	b.WriteByte('}')
}

func emitClass(b *strings.Builder, c *Class) {
	if r, ok := c.Single(); ok {
		emitRune(b, r, false)
		return
	}
	if len(c.Ranges) == 0 && len(c.Props) == 0 {
		if c.Neg {
			b.WriteString(`[\x{0}-\x{10ffff}]`) // complement of nothing: any code point
		} else {
			b.WriteString("(?!)") // empty set: never matches
		}
		return
	}
	b.WriteByte('[')
	if c.Neg {
		b.WriteByte('^')
	}
	for _, r := range c.Ranges {
		emitRune(b, r.Lo, true)
		if r.Hi != r.Lo {
			if r.Hi > r.Lo+1 {
				b.WriteByte('-')
			}
			emitRune(b, r.Hi, true)
		}
	}
	for _, p := range c.Props {
		if p.Neg {
			b.WriteString(`\P{`)
		} else {
			b.WriteString(`\p{`)
		}
		b.WriteString(p.Name)
		b.WriteByte('}')
	}
	b.WriteByte(']')
}

func emitAssert(b *strings.Builder, n *Node) {
	switch n.Assert {
	case BeginText:
		b.WriteString(`\A`)
	case EndText:
		b.WriteString(`\z`)
	case EndTextOptNewline:
		b.WriteString(`(?=\n?\z)`)
	case BeginLine:
		b.WriteString(`(?:\A|(?<=\n)(?!\z))`)
	case BeginLineAny:
		b.WriteString(`(?:\A|(?<=\n))`)
	case EndLine:
		b.WriteString(`(?=\n|\z)`)
	case WordBoundary, NotWordBoundary:
		var w strings.Builder
		emitClass(&w, n.Class)
		ws := w.String()
		if n.Assert == WordBoundary {
			b.WriteString("(?:(?<=" + ws + ")(?!" + ws + ")|(?<!" + ws + ")(?=" + ws + "))")
		} else {
			b.WriteString("(?:(?<=" + ws + ")(?=" + ws + ")|(?<!" + ws + ")(?!" + ws + "))")
		}
	case StartOfSearch:
		b.WriteString(`\G`)
	default:
		panic("regex: emit: unknown assertion " + strconv.Itoa(int(n.Assert)))
	}
}
