package regex

// Op is the kind of an AST node.
type Op uint8

// The node kinds. Every dialect parser produces this one tree; flags
// (caseless, dotall, multiline, ungreedy, …) are already resolved into it,
// so the emitter never needs to know which dialect a node came from.
const (
	OpEmpty     Op = iota // matches the empty string
	OpFail                // never matches
	OpLiteral             // one code point (Rune); caseless literals are parsed into OpClass
	OpClass               // one code point from Class
	OpAssert              // zero-width assertion of kind Assert (word boundaries use Class as \w)
	OpCapture             // capturing group number Cap (1-based), optional Name; Sub[0]
	OpAtomic              // atomic group (?>…); Sub[0]
	OpLook                // lookaround: Behind, Negate; Sub[0]
	OpRepeat              // Sub[0] repeated Min..Max times (Max -1 = unbounded), Mode
	OpConcat              // Sub in sequence
	OpAlternate           // first matching alternative of Sub, in order
	OpBackref             // backreference to group Cap; Fold for caseless matching
	OpCond                // conditional: if Cap > 0 the condition is "group Cap is set" and Sub[0] is yes, Sub[1] (optional) no; else Sub[0] (an OpLook) is the condition, Sub[1] yes, Sub[2] (optional) no
)

// AssertKind is the kind of an OpAssert node.
type AssertKind uint8

// The assertions, named by meaning rather than by the syntax that produced them.
const (
	BeginText         AssertKind = iota + 1 // \A, PCRE ^, Python ^ without MULTILINE
	EndText                                 // \z, PCRE $ with DOLLAR_ENDONLY, Python \Z
	EndTextOptNewline                       // PCRE/Python $ without MULTILINE, PCRE \Z: end, or before a final \n
	BeginLine                               // PCRE ^ with MULTILINE: start, or after a \n that does not end the subject
	BeginLineAny                            // Python ^ with MULTILINE: start, or after any \n
	EndLine                                 // $ with MULTILINE: before any \n, or at the end
	WordBoundary                            // \b over the word set in Node.Class
	NotWordBoundary                         // \B over the word set in Node.Class
	StartOfSearch                           // \G
)

// RepeatMode says how a repetition backtracks.
type RepeatMode uint8

// The repetition modes.
const (
	Greedy RepeatMode = iota
	Lazy
	Possessive
)

// Node is one node of a parsed pattern.
type Node struct {
	Op     Op
	Pos    int // byte offset in the source pattern where the construct starts
	Sub    []*Node
	Rune   rune       // OpLiteral
	Class  *Class     // OpClass; the word set for WordBoundary/NotWordBoundary
	Assert AssertKind // OpAssert
	Cap    int        // OpCapture, OpBackref, OpCond (0 = assertion condition)
	Name   string     // OpCapture: group name, if any
	Min    int        // OpRepeat
	Max    int        // OpRepeat; -1 = unbounded
	Mode   RepeatMode // OpRepeat
	Behind bool       // OpLook: lookbehind
	Negate bool       // OpLook: negative
	Fold   bool       // OpBackref: compare caselessly
}

// Tree is a parsed pattern: the root node and the capture table.
type Tree struct {
	Root  *Node
	NCap  int            // number of capturing groups
	Names map[string]int // group name → number (by the source dialect's numbering)
}

// Walk calls f for n and every node below it, depth first, parents first.
// If f returns false the children of that node are skipped.
func Walk(n *Node, f func(*Node) bool) {
	if n == nil || !f(n) {
		return
	}
	for _, s := range n.Sub {
		Walk(s, f)
	}
}
