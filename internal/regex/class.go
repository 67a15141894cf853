package regex

import (
	"sort"
	"unicode"
)

// RuneRange is an inclusive range of code points.
type RuneRange struct{ Lo, Hi rune }

// Prop is a Unicode general category (or script) by its regexp2/Go name,
// such as "L", "N", "Nd", used whole inside a Class.
type Prop struct {
	Name string
	Neg  bool // \P{Name}
}

// Class is a set of code points: the union of Ranges and Props, complemented
// when Neg is set. Caseless closure is applied by the parser, never later.
// Byte-mode dialects use only Ranges within 0–255.
type Class struct {
	Neg    bool
	Ranges []RuneRange // sorted, non-overlapping, non-adjacent after Normalize
	Props  []Prop
}

// MaxRune is the largest code point a class can hold.
const MaxRune = unicode.MaxRune

// AddRune adds one code point.
func (c *Class) AddRune(r rune) { c.Ranges = append(c.Ranges, RuneRange{r, r}) }

// AddRange adds lo..hi inclusive.
func (c *Class) AddRange(lo, hi rune) { c.Ranges = append(c.Ranges, RuneRange{lo, hi}) }

// Normalize sorts and merges Ranges.
func (c *Class) Normalize() {
	c.Ranges = normalizeRanges(c.Ranges)
}

func normalizeRanges(rs []RuneRange) []RuneRange {
	if len(rs) < 2 {
		return rs
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].Lo < rs[j].Lo })
	out := rs[:1]
	for _, r := range rs[1:] {
		last := &out[len(out)-1]
		if r.Lo <= last.Hi+1 {
			if r.Hi > last.Hi {
				last.Hi = r.Hi
			}
			continue
		}
		out = append(out, r)
	}
	return out
}

// Contains reports whether r is in the class.
func (c *Class) Contains(r rune) bool {
	in := false
	i := sort.Search(len(c.Ranges), func(i int) bool { return c.Ranges[i].Hi >= r })
	if i < len(c.Ranges) && c.Ranges[i].Lo <= r {
		in = true
	}
	if !in {
		for _, p := range c.Props {
			if propContains(p, r) {
				in = true
				break
			}
		}
	}
	return in != c.Neg
}

func propTable(name string) *unicode.RangeTable {
	if t, ok := unicode.Categories[name]; ok {
		return t
	}
	if t, ok := unicode.Scripts[name]; ok {
		return t
	}
	return nil
}

func propContains(p Prop, r rune) bool {
	t := propTable(p.Name)
	if t == nil {
		return false
	}
	return unicode.Is(t, r) != p.Neg
}

// Materialize returns the exact set as sorted ranges with no Props and no
// negation, limited to 0..max (255 for byte mode, MaxRune otherwise).
func (c *Class) Materialize(max rune) *Class {
	var rs []RuneRange
	rs = append(rs, c.Ranges...)
	for _, p := range c.Props {
		rs = append(rs, propRanges(p, max)...)
	}
	rs = normalizeRanges(rs)
	if c.Neg {
		rs = complementRanges(rs, max)
	}
	return &Class{Ranges: clipRanges(rs, max)}
}

func propRanges(p Prop, max rune) []RuneRange {
	t := propTable(p.Name)
	if t == nil {
		return nil
	}
	var rs []RuneRange
	for _, r16 := range t.R16 {
		for lo := rune(r16.Lo); lo <= rune(r16.Hi); lo += rune(r16.Stride) {
			if r16.Stride == 1 {
				rs = append(rs, RuneRange{rune(r16.Lo), rune(r16.Hi)})
				break
			}
			rs = append(rs, RuneRange{lo, lo})
		}
	}
	for _, r32 := range t.R32 {
		for lo := rune(r32.Lo); lo <= rune(r32.Hi); lo += rune(r32.Stride) {
			if r32.Stride == 1 {
				rs = append(rs, RuneRange{rune(r32.Lo), rune(r32.Hi)})
				break
			}
			rs = append(rs, RuneRange{lo, lo})
		}
	}
	rs = normalizeRanges(rs)
	if p.Neg {
		rs = complementRanges(rs, max)
	}
	return rs
}

func complementRanges(rs []RuneRange, max rune) []RuneRange {
	var out []RuneRange
	next := rune(0)
	for _, r := range rs {
		if r.Lo > next {
			out = append(out, RuneRange{next, r.Lo - 1})
		}
		next = r.Hi + 1
	}
	if next <= max {
		out = append(out, RuneRange{next, max})
	}
	return out
}

func clipRanges(rs []RuneRange, max rune) []RuneRange {
	out := rs[:0]
	for _, r := range rs {
		if r.Lo > max {
			break
		}
		if r.Hi > max {
			r.Hi = max
		}
		out = append(out, r)
	}
	return out
}

// Union returns the union of a and b as a materialized class.
func Union(max rune, a, b *Class) *Class {
	ma, mb := a.Materialize(max), b.Materialize(max)
	return &Class{Ranges: normalizeRanges(append(append([]RuneRange{}, ma.Ranges...), mb.Ranges...))}
}

// Single reports whether the class is exactly one code point (after
// materialization it has one range of width one) and returns it.
func (c *Class) Single() (rune, bool) {
	if c.Neg || len(c.Props) > 0 || len(c.Ranges) != 1 || c.Ranges[0].Lo != c.Ranges[0].Hi {
		return 0, false
	}
	return c.Ranges[0].Lo, true
}
