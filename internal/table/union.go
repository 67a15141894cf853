package table

import "strings"

// UnionTable is unionmap:{type:name, ...}: the results of all tables that
// find the key, joined with commas.
type UnionTable struct {
	name   string
	tables []Table
}

func openComposite(typ, name string, opt *Options) ([]Table, error) {
	full := typ + ":" + name
	bad := fatalf("bad syntax: \"%s\"; need \"%s:{type:name...}\"", full, typ)
	if !strings.HasPrefix(name, "{") {
		return nil, bad
	}
	inner, e := extpar(name)
	if e != "" {
		return nil, bad
	}
	toks := splitBraced(inner)
	if len(toks) == 0 {
		return nil, bad
	}
	var ts []Table
	for _, tok := range toks {
		t, ok := opt.shared[tok]
		if !ok {
			var err error
			if t, err = Open(tok, opt); err != nil {
				return nil, err
			}
			if opt.shared == nil {
				opt.shared = map[string]Table{}
			}
			opt.shared[tok] = t
		}
		ts = append(ts, t)
	}
	return ts, nil
}

// OpenUnion parses a unionmap: name and opens its tables.
func OpenUnion(name string, opt *Options) (*UnionTable, error) {
	ts, err := openComposite("unionmap", name, opt)
	if err != nil {
		return nil, err
	}
	return &UnionTable{name: name, tables: ts}, nil
}

// Name implements Table.
func (t *UnionTable) Name() string { return "unionmap:" + t.name }

// Fixed implements Table.
func (t *UnionTable) Fixed() bool { return true }

// Lookup implements Table. A comma is added before each further result
// only when the text so far is not empty, and the key is found only when
// the joined text is not empty, as Postfix does.
func (t *UnionTable) Lookup(key string) (string, bool, error) {
	var b strings.Builder
	for _, s := range t.tables {
		v, ok, err := s.Lookup(key)
		if err != nil {
			return "", false, &QueryError{Table: t.Name(), Reason: reasonOf(err)}
		}
		if !ok {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(v)
	}
	// Only a non-empty joined result counts as found.
	return b.String(), b.Len() > 0, nil
}

func reasonOf(err error) string {
	if q, ok := err.(*QueryError); ok {
		return q.Reason
	}
	return err.Error()
}
