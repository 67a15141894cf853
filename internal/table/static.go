package table

import "strings"

// StaticTable is static:value (or static:{ value with spaces }): every
// lookup returns the value.
type StaticTable struct {
	name, value string
}

// OpenStatic parses a static: name.
func OpenStatic(name string) (*StaticTable, error) {
	v := name
	if strings.HasPrefix(name, "{") {
		in, e := extpar(name)
		if e != "" {
			return nil, fatalf("bad static:name syntax: %s", e)
		}
		v = in
	}
	return &StaticTable{name: name, value: v}, nil
}

// Name implements Table.
func (t *StaticTable) Name() string { return "static:" + t.name }

// Fixed implements Table.
func (t *StaticTable) Fixed() bool { return true }

// Lookup implements Table.
func (t *StaticTable) Lookup(string) (string, bool, error) { return t.value, true, nil }
