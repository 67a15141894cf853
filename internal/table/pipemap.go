package table

// PipeTable is pipemap:{type:name, ...}: the result of each table is the
// key of the next.
type PipeTable struct {
	name   string
	tables []Table
}

// OpenPipe parses a pipemap: name and opens its tables.
func OpenPipe(name string, opt *Options) (*PipeTable, error) {
	ts, err := openComposite("pipemap", name, opt)
	if err != nil {
		return nil, err
	}
	return &PipeTable{name: name, tables: ts}, nil
}

// Name implements Table.
func (t *PipeTable) Name() string { return "pipemap:" + t.name }

// Fixed implements Table.
func (t *PipeTable) Fixed() bool { return true }

// Lookup implements Table.
func (t *PipeTable) Lookup(key string) (string, bool, error) {
	for _, s := range t.tables {
		v, ok, err := s.Lookup(key)
		if err != nil {
			return "", false, &QueryError{Table: t.Name(), Reason: reasonOf(err)}
		}
		if !ok {
			return "", false, nil
		}
		key = v
	}
	return key, true, nil
}
