package regex

import "testing"

func compileTree(t *Tree, d Dialect) (*Regexp, error) {
	return compileTreeOptions(t, d, "", 0, Options{})
}

func TestSmokeEmit(t *testing.T) {
	tr := &Tree{NCap: 1, Root: &Node{Op: OpConcat, Sub: []*Node{
		{Op: OpAssert, Assert: BeginText},
		{Op: OpCapture, Cap: 1, Sub: []*Node{{Op: OpRepeat, Min: 1, Max: -1, Sub: []*Node{{Op: OpClass, Class: &Class{Ranges: []RuneRange{{'a', 'b'}}}}}}}},
		{Op: OpLiteral, Rune: '-'},
		{Op: OpBackref, Cap: 1},
		{Op: OpLiteral, Rune: 'x'}, {Op: OpLiteral, Rune: 'y'}, {Op: OpLiteral, Rune: 'z'},
		{Op: OpAssert, Assert: EndTextOptNewline},
	}}}
	s := emitRegexp2(tr)
	t.Log(s)
	p := buildPrefilter(tr, PCRE2)
	t.Logf("%+v", p)
	re, err := compileTree(tr, PCRE2)
	if err != nil {
		t.Fatal(err)
	}
	for _, subj := range []string{"ab-abxyz", "ab-abxyz\n", "ab-ab", "ab-baxyz", "ab-abxyz\n\n"} {
		ok, err := re.MatchString(subj)
		idx, _ := re.FindSubmatchIndex([]byte(subj))
		t.Logf("%q %v %v %v", subj, ok, err, idx)
	}
}
