package pcre2test

// snippetCases are the cases of testdata/snippet.in and snippet.out (the
// output recorded from pcre2test 10.42 with `pcre2test -q snippet.in`).
var snippetCases = []Case{
	{Pattern: []byte("a(b)?c"), Flags: Caseless, Subjects: [][]byte{[]byte("xAc"), []byte("zz")}},
	{Pattern: []byte("(a"), Subjects: [][]byte{[]byte("a")}},
	{Pattern: []byte(""), Subjects: [][]byte{[]byte("")}},
	{Pattern: []byte("(a+)+$"), Subjects: [][]byte{[]byte("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!")}},
	// The rendering ambiguity: `\x0a` as four characters versus byte 0x0a.
	{Pattern: []byte(`(\\x0a)|(\n)`), Subjects: [][]byte{[]byte("\\x0a\n"), []byte("\n\\x0a")}},
	{Pattern: []byte("(a)?(b)(c?)\\s"), Flags: Caseless | DotAll | Multiline | Extended | Anchored | DollarEndOnly | Ungreedy, Subjects: [][]byte{[]byte("b \xff"), []byte(" b ")}},
	{Pattern: []byte("<unset>|(x)"), Subjects: [][]byte{[]byte("a<unset>")}},
	{Pattern: []byte("(?<=a+)"), Subjects: [][]byte{[]byte("a")}},
	{Pattern: []byte("\xff(.)\\/"), Flags: DotAll, Subjects: [][]byte{[]byte("\x00\xff\x00/ \\")}},
}
