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
func emitRegexp2(t *Tree) string {
	var b strings.Builder
	emitNode(&b, t.Root)
	return b.String()
}

func emitNode(b *strings.Builder, n *Node) {
	switch n.Op {
	case OpEmpty:
		b.WriteString("(?:)")
	case OpFail:
		b.WriteString("(?!)")
	case OpLiteral:
		emitRune(b, n.Rune, false)
	case OpClass:
		emitClass(b, n.Class)
	case OpAssert:
		emitAssert(b, n)
	case OpCapture:
		b.WriteByte('(')
		emitNode(b, n.Sub[0])
		b.WriteByte(')')
	case OpAtomic:
		b.WriteString("(?>")
		emitNode(b, n.Sub[0])
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
		emitNode(b, n.Sub[0])
		b.WriteByte(')')
	case OpRepeat:
		emitRepeat(b, n)
	case OpConcat:
		for _, s := range n.Sub {
			if s.Op == OpAlternate {
				b.WriteString("(?:")
				emitNode(b, s)
				b.WriteByte(')')
				continue
			}
			emitNode(b, s)
		}
		if len(n.Sub) == 0 {
			b.WriteString("(?:)")
		}
	case OpAlternate:
		for i, s := range n.Sub {
			if i > 0 {
				b.WriteByte('|')
			}
			emitNode(b, s)
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
			emitNode(b, look.Sub[0])
			b.WriteByte(')')
			yes = n.Sub[1]
			if len(n.Sub) > 2 {
				no = n.Sub[2]
			}
		}
		// Wrap each branch so that an alternation inside it stays inside it.
		b.WriteString("(?:")
		emitNode(b, yes)
		b.WriteByte(')')
		if no != nil {
			b.WriteString("|(?:")
			emitNode(b, no)
			b.WriteByte(')')
		}
		b.WriteByte(')')
	default:
		panic("regex: emit: unknown op " + strconv.Itoa(int(n.Op)))
	}
}

func emitRepeat(b *strings.Builder, n *Node) {
	if n.Mode == Possessive {
		b.WriteString("(?>")
	}
	b.WriteString("(?:")
	emitNode(b, n.Sub[0])
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
