package table

// FailTable is fail:name: every lookup fails with a query error.
type FailTable struct{ name string }

// OpenFail returns a fail: table.
func OpenFail(name string) *FailTable { return &FailTable{name: name} }

// Name implements Table.
func (t *FailTable) Name() string { return "fail:" + t.name }

// Fixed implements Table.
func (t *FailTable) Fixed() bool { return true }

// Lookup implements Table: it always fails.
func (t *FailTable) Lookup(string) (string, bool, error) {
	return "", false, &QueryError{Table: t.Name(), Reason: "Application error"}
}
