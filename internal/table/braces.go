package table

// extpar strips one level of balanced braces from s, as Postfix's
// extpar() does for "{...}" names: the result is trimmed. errText is the
// reason when s is not a single braced group.
func extpar(s string) (inner, errText string) {
	s = trimSpace(s)
	if s == "" || s[0] != '{' {
		return "", sprintf("no '{' at start of text in \"%s\"", s)
	}
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				if trimSpace(s[i+1:]) != "" {
					return "", sprintf("syntax error after '}' in \"%s\"", s)
				}
				return trimSpace(s[1:i]), ""
			}
		}
	}
	return "", sprintf("missing '}' in \"%s\"", s)
}

// splitBraced splits s at commas and whitespace outside braces (Postfix's
// mystrtokq with CHARS_COMMA_SP and "{}").
func splitBraced(s string) []string {
	var out []string
	i := 0
	for i < len(s) {
		for i < len(s) && (s[i] == ',' || isSpace(s[i])) {
			i++
		}
		if i >= len(s) {
			break
		}
		start, depth := i, 0
		for i < len(s) {
			c := s[i]
			if c == '{' {
				depth++
			} else if c == '}' {
				if depth > 0 {
					depth--
				}
			} else if depth == 0 && (c == ',' || isSpace(c)) {
				break
			}
			i++
		}
		out = append(out, s[start:i])
	}
	return out
}

// inlineFile turns the name of an inline pattern table, "{ {rule}, {rule} }",
// into file text with one rule per line. kind is "pcre", "regexp" or "cidr".
func inlineFile(kind, name string) ([]byte, error) {
	inner, e := extpar(name)
	if e != "" {
		return nil, fatalf("%s map: %s", kind, e)
	}
	var b []byte
	for _, tok := range splitBraced(inner) {
		in, e := extpar(tok)
		if e != "" {
			return nil, fatalf("%s map: %s", kind, e)
		}
		b = append(b, in...)
		b = append(b, '\n')
	}
	return b, nil
}
