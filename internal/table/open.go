package table

import "strings"

// Open opens a table named as in main.cf or on the postmap command line:
// "type:name", or a bare file name (type hash).
func Open(spec string, opt *Options) (Table, error) {
	if opt == nil {
		opt = &Options{}
	}
	typ, name, ok := strings.Cut(spec, ":")
	if !ok {
		typ, name = "hash", spec
	}
	if name == "" {
		return nil, fatalf("open dictionary: expecting \"type:name\" form instead of \"%s\"", spec)
	}
	switch typ {
	case "texthash", "hash", "btree", "lmdb", "cdb", "dbm":
		return OpenHash(typ, name, opt)
	case "inline":
		return OpenInline(name, opt)
	case "static":
		return OpenStatic(name)
	case "fail":
		return OpenFail(name), nil
	case "cidr":
		return OpenCIDR(name, opt)
	case "pcre":
		return OpenPCRE(name, opt)
	case "regexp":
		return OpenRegexp(name, opt)
	case "unionmap":
		return OpenUnion(name, opt)
	case "pipemap":
		return OpenPipe(name, opt)
	}
	return nil, fatalf("unsupported dictionary type: %s", typ)
}
