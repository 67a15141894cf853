package table

import "strings"

// InlineTable is inline:{ key=value, { key = value with spaces }, ... }.
type InlineTable struct {
	name string
	m    map[string]string
	fold bool
	utf  bool
}

// OpenInline parses the name of an inline: table ("{...}").
func OpenInline(name string, opt *Options) (*InlineTable, error) {
	if opt == nil {
		opt = &Options{}
	}
	full := "inline:" + name
	need := sprintf("; need \"inline:{name=value...}\"")
	if !strings.HasPrefix(name, "{") {
		return nil, fatalf("bad syntax: \"%s\"%s", full, need)
	}
	inner, e := extpar(name)
	if e != "" {
		return nil, fatalf("bad syntax: \"%s\"%s", full, need)
	}
	toks := splitBraced(inner)
	if len(toks) == 0 {
		return nil, fatalf("bad syntax: \"%s\"%s", full, need)
	}
	t := &InlineTable{name: name, m: make(map[string]string), fold: !opt.NoFold, utf: opt.SMTPUTF8}
	for _, tok := range toks {
		if tok[0] == '{' {
			in, e := extpar(tok)
			if e != "" {
				return nil, fatalf("%s: \"%s\"%s", e, full, need)
			}
			tok = in
		}
		k, v, ok := strings.Cut(tok, "=")
		if !ok {
			return nil, fatalf("missing '=' after attribute name: \"%s\"%s", full, need)
		}
		k, v = trimSpace(k), trimSpace(v)
		if t.fold {
			k = foldKey(k, t.utf)
		}
		t.m[k] = v
	}
	return t, nil
}

// Name implements Table.
func (t *InlineTable) Name() string { return "inline:" + t.name }

// Fixed implements Table.
func (t *InlineTable) Fixed() bool { return true }

// Lookup implements Table.
func (t *InlineTable) Lookup(key string) (string, bool, error) {
	v, ok := lookupFolded(t.m, key, t.fold, t.utf)
	return v, ok, nil
}
