package table

import "os"

// HashTable is a fixed-string table built from a postmap source file:
// texthash, or hash/btree/lmdb/cdb/dbm read from the file they are made from.
type HashTable struct {
	typ, name string
	m         map[string]string
	fold      bool
	utf       bool
}

// dbSuffix is the file postmap opens for each indexed type.
var dbSuffix = map[string]string{"hash": ".db", "btree": ".db", "lmdb": ".lmdb", "cdb": ".cdb", "dbm": ".pag"}

// OpenHash reads a source file of the given type (texthash, hash, btree,
// lmdb, cdb, dbm) with postmap's creation rules.
func OpenHash(typ, name string, opt *Options) (*HashTable, error) {
	if opt == nil {
		opt = &Options{}
	}
	if typ != "texthash" && opt.CheckDB {
		stat := opt.Stat
		if stat == nil {
			stat = func(n string) error { _, err := os.Stat(n); return err }
		}
		if err := stat(name + dbSuffix[typ]); err != nil {
			return nil, fatalf("open database %s%s: %s", name, dbSuffix[typ], errnoText(err))
		}
	}
	data, err := readFile(opt, name)
	if err != nil {
		if typ == "texthash" {
			return nil, fatalf("open database %s: %s", name, errnoText(err))
		}
		return nil, fatalf("open %s: %s", name, errnoText(err))
	}
	return ParseHash(typ, name, data, opt), nil
}

// ParseHash builds a fixed-string table from source text. Warnings go to
// opt.Warn with the texts of postmap (typ "texthash": those of the
// texthash reader; other types: those of "postmap type:name").
func ParseHash(typ, name string, data []byte, opt *Options) *HashTable {
	if opt == nil {
		opt = &Options{}
	}
	t := &HashTable{typ: typ, name: name, m: make(map[string]string), fold: !opt.NoFold, utf: opt.SMTPUTF8}
	warn := opt.Warn
	if typ != "texthash" && opt.QuietSource {
		warn = nil
	}
	w := func(s string) {
		if warn != nil {
			warn(s)
		}
	}
	ignoring := ""
	if typ == "texthash" {
		ignoring = " -- ignoring this line"
	}
	for _, ln := range ReadLines(name, data, warn) {
		key, value, bad := splitSourceLine(ln.Text)
		if bad {
			w(sprintf("%s, line %d: unbalanced '\"' in '%s' -- ignoring this line", name, ln.Num, ln.Text))
			continue
		}
		if key == "" || value == "" {
			w(sprintf("%s, line %d: expected format: key whitespace value%s", name, ln.Num, ignoring))
			continue
		}
		if key[len(key)-1] == ':' {
			w(sprintf("%s, line %d: record is in \"key: value\" format; is this an alias file?", name, ln.Num))
		}
		orig := key
		if t.fold {
			key = foldKey(key, t.utf)
		}
		if _, dup := t.m[key]; dup {
			switch opt.Dup {
			case DupReplace:
				t.m[key] = value
			case DupWarn:
				if typ == "texthash" {
					w(sprintf("%s, line %d: duplicate entry: \"%s\"", name, ln.Num, orig))
				} else {
					w(sprintf("%s%s: duplicate entry: \"%s\"", name, dbSuffix[typ], key))
				}
			}
			continue
		}
		t.m[key] = value
	}
	return t
}

// splitSourceLine splits "key value": the key ends at the first unquoted,
// unescaped whitespace; quotes and backslashes stay part of the key.
func splitSourceLine(s string) (key, value string, unbalanced bool) {
	inq := false
	i := 0
	for i < len(s) {
		c := s[i]
		if c == '\\' && i+1 < len(s) {
			i += 2
			continue
		}
		if c == '"' {
			inq = !inq
		} else if !inq && isSpace(c) {
			break
		}
		i++
	}
	if inq {
		return "", "", true
	}
	return s[:i], trimSpace(s[i:]), false
}

// Name implements Table.
func (t *HashTable) Name() string { return t.typ + ":" + t.name }

// Fixed implements Table.
func (t *HashTable) Fixed() bool { return true }

// Len returns the number of keys.
func (t *HashTable) Len() int { return len(t.m) }

// Lookup implements Table: the key is folded unless NoFold. It does not allocate.
func (t *HashTable) Lookup(key string) (string, bool, error) {
	v, ok := lookupFolded(t.m, key, t.fold, t.utf)
	return v, ok, nil
}

func lookupFolded(m map[string]string, key string, fold, utf bool) (string, bool) {
	if !fold || !needsFold(key) {
		if utf && fold && hasHigh(key) {
			v, ok := m[foldKey(key, true)]
			return v, ok
		}
		v, ok := m[key]
		return v, ok
	}
	if utf && hasHigh(key) {
		v, ok := m[foldKey(key, true)]
		return v, ok
	}
	var stack [128]byte
	var buf []byte
	if len(key) <= len(stack) {
		buf = stack[:len(key)]
	} else {
		buf = make([]byte, len(key))
	}
	b := foldInto(buf, key)
	v, ok := m[string(b)]
	return v, ok
}

func hasHigh(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return true
		}
	}
	return false
}

func readFile(opt *Options, name string) ([]byte, error) {
	if opt.ReadFile != nil {
		return opt.ReadFile(name)
	}
	return os.ReadFile(name)
}

// errnoText turns a Go file error into the strerror text Postfix prints.
func errnoText(err error) string {
	if pe, ok := err.(*os.PathError); ok {
		err = pe.Err
	}
	s := err.Error()
	if s == "" {
		return s
	}
	// Go's syscall.Errno texts are strerror texts starting in lower case.
	if s[0] >= 'a' && s[0] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}
