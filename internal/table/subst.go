package table

import "strings"

// substPart is a piece of a result template: literal text or a group.
type substPart struct {
	lit   string
	group int // > 0: capture group number
}

// parseSubst parses a pcre/regexp result text like Postfix's mac_parse():
// "$$" is a '$', "$n", "${n}" and "$(n)" are group references. It returns
// the parts, the largest group number, and on error the warnings Postfix
// prints (the first without the map prefix for syntax errors, see
// needPrefix). hyphen selects regexp's spelling "out-of-range".
func parseSubst(res string, hyphen bool) (parts []substPart, maxSub int, bare string, prefixed string) {
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			parts = append(parts, substPart{lit: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(res); {
		c := res[i]
		if c != '$' {
			lit.WriteByte(c)
			i++
			continue
		}
		i++
		if i >= len(res) {
			return nil, 0, sprintf("empty macro name: \"%s\"", res), ""
		}
		var name string
		switch c2 := res[i]; {
		case c2 == '$':
			lit.WriteByte('$')
			i++
			continue
		case c2 == '{' || c2 == '(':
			open, close := c2, byte('}')
			if c2 == '(' {
				close = ')'
			}
			depth, j := 0, i
			for ; j < len(res); j++ {
				if res[j] == open {
					depth++
				} else if res[j] == close {
					depth--
					if depth == 0 {
						break
					}
				}
			}
			if j >= len(res) {
				return nil, 0, sprintf("truncated macro reference: \"%s\"", res), ""
			}
			name = res[i+1 : j]
			i = j + 1
			if name == "" {
				return nil, 0, sprintf("empty macro name: \"%s\"", res), ""
			}
		case c2 == '_' || isAlnum(c2):
			j := i
			for j < len(res) && (res[j] == '_' || isAlnum(res[j])) {
				j++
			}
			name = res[i:j]
			i = j
		default:
			return nil, 0, sprintf("empty macro name: \"%s\"", res), ""
		}
		if !allDigits(name) {
			return nil, 0, "", sprintf("non-numeric replacement index \"%s\"", name)
		}
		n := atoiC(name)
		if n < 1 {
			if hyphen {
				return nil, 0, "", sprintf("out-of-range replacement index \"%s\"", name)
			}
			return nil, 0, "", sprintf("out of range replacement index \"%s\"", name)
		}
		flush()
		parts = append(parts, substPart{group: n})
		if n > maxSub {
			maxSub = n
		}
	}
	flush()
	return parts, maxSub, "", ""
}

// expand builds the result from the parts and the match index pairs m;
// a group that did not participate or matched "" gives "".
func expand(parts []substPart, key string, m []int) string {
	n := 0
	for _, p := range parts {
		if p.group == 0 {
			n += len(p.lit)
		} else if 2*p.group+1 < len(m) && m[2*p.group] >= 0 {
			n += m[2*p.group+1] - m[2*p.group]
		}
	}
	var b strings.Builder
	b.Grow(n)
	for _, p := range parts {
		if p.group == 0 {
			b.WriteString(p.lit)
		} else if 2*p.group+1 < len(m) && m[2*p.group] >= 0 && m[2*p.group] < m[2*p.group+1] {
			b.WriteString(key[m[2*p.group]:m[2*p.group+1]])
		}
	}
	return b.String()
}
