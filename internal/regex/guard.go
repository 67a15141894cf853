package regex

// The linear-time guard: a deterministic bound on runaway matches.
//
// A backtracking engine can take exponential time on patterns with nested
// unbounded repetition, such as `(a+)+$` against "aaaa…!". PCRE2 stops such
// a match at its match limit; regexp2 has no step budget. For patterns the
// risk analysis flags, mailsift builds a second pattern for Go's regexp
// package (RE2, linear time) that matches a superset of what the source
// pattern matches: lookarounds, word boundaries it cannot express and \G
// become empty, backreferences become "any string", atomic groups and
// possessive quantifiers become plain ones, conditionals become the
// alternation of their branches, and anchors that depend on a final newline
// become their multi-line forms. If the superset does not match, the source
// pattern cannot match either, and the answer "no match" is exact and found
// in linear time. Only when the superset matches does the backtracking
// engine run, where its result is needed anyway.

// risky reports whether t has an unbounded repetition whose body holds
// another unbounded repetition or an alternation: the shapes behind
// catastrophic backtracking (`(a+)+$`, `(a|aa)*b`, the fail2ban 1.0.2
// dovecot filter of spec/fail2ban.md §7.3).
func risky(t *Tree) bool {
	r, _ := riskScan(t.Root)
	return r
}

// riskScan returns whether n is risky and whether it contains an unbounded
// repetition or an alternation (a source of ambiguity for an enclosing loop).
func riskScan(n *Node) (risky, ambiguous bool) {
	for _, s := range n.Sub {
		r, a := riskScan(s)
		risky = risky || r
		ambiguous = ambiguous || a
	}
	unbounded := n.Op == OpRepeat && (n.Max == -1 || n.Max > 16)
	if unbounded && ambiguous {
		risky = true
	}
	return risky, ambiguous || unbounded || n.Op == OpAlternate
}

// superset returns a copy of n that every match of n also matches and that
// uses only constructs Go's regexp can run.
func superset(n *Node) *Node {
	c := *n
	c.Sub = nil
	for _, s := range n.Sub {
		c.Sub = append(c.Sub, superset(s))
	}
	switch n.Op {
	case OpLook:
		return &Node{Op: OpEmpty, Pos: n.Pos}
	case OpAtomic:
		return &Node{Op: OpConcat, Pos: n.Pos, Sub: c.Sub}
	case OpRepeat:
		if c.Mode == Possessive {
			c.Mode = Greedy
		}
	case OpBackref:
		any := &Class{Neg: true}
		return &Node{Op: OpRepeat, Pos: n.Pos, Min: 0, Max: -1, Sub: []*Node{{Op: OpClass, Class: any}}}
	case OpCond:
		// Either branch may run; an absent "no" branch matches empty.
		var yes, no *Node
		if n.Cap > 0 {
			yes = c.Sub[0]
			no = &Node{Op: OpEmpty}
			if len(c.Sub) > 1 {
				no = c.Sub[1]
			}
		} else {
			yes = c.Sub[1]
			no = &Node{Op: OpEmpty}
			if len(c.Sub) > 2 {
				no = c.Sub[2]
			}
		}
		return &Node{Op: OpAlternate, Pos: n.Pos, Sub: []*Node{yes, no}}
	case OpAssert:
		switch n.Assert {
		case EndTextOptNewline:
			c.Assert = EndLine
		case BeginLine:
			c.Assert = BeginLineAny
		case WordBoundary, NotWordBoundary, StartOfSearch:
			return &Node{Op: OpEmpty, Pos: n.Pos}
		}
	case OpClass:
		c.Class = n.Class.Materialize(MaxRune)
	}
	return &c
}
