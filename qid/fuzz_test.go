package qid

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func FuzzParse(f *testing.F) {
	for _, s := range []string{"3Pt2mN2VXxznjll", "4jXWfr4z1Cz1SGmk", "DED2698662B", "NOQUEUE", "zzzzzzzzzzz0", "F423F0", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkAgainstRef(t, s)
		id, err := ParseBytes([]byte(s))
		if err == nil {
			if id.String() != s || id.Len() != len(s) {
				t.Fatalf("round trip %q -> %q", s, id)
			}
			var back ID
			if back.UnmarshalText([]byte(s)) != nil || back != id {
				t.Fatalf("UnmarshalText(%q)", s)
			}
		}
	})
}

func FuzzFind(f *testing.F) {
	f.Add("Nov 22 14:28:28 mx postfix/bounce[26167]: 0048B9866B3: sender non-delivery notification: 0A8B59866E5")
	f.Add("<22>1 2026-11-22T14:09:11Z mx postfix/smtp 1 - [a b=\"]\"] 4jXWjt3kD8z1SGLv: status=sent (250 Ok: queued as 4jXWjt3yVtz1SGM5)")
	f.Add("x: message-id=<20261122141021.DED2698662B@mx> orig_queue_id=2989A9862D4 (Postfix) with ESMTP id 29CC29862D4")
	f.Add("warning: 4jXWjt6sFrz1SGLv: x")
	f.Fuzz(func(t *testing.T, line string) {
		b := []byte(line)
		all := AppendAll(nil, b)
		m, ok := Find(b)
		if ok != (len(all) > 0) || ok && m != all[0] {
			t.Fatalf("Find %v %v, AppendAll %v", m, ok, all)
		}
		prev := -1
		for _, m := range all {
			if m.Start <= prev || m.End > len(line) || line[m.Start:m.End] != m.ID.String() || m.Kind == 0 {
				t.Fatalf("bad match %+v in %q", m, line)
			}
			prev = m.Start
		}
		MessageStart(b)
		IsNoQueueLine(b)
	})
}

func FuzzListing(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.golden")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b, uint8(0))
		}
	}
	f.Add([]byte("6540A984342#     271 Fri Nov 27 01:11:28  a@b\n (x)\n c@d\n-- 1 Kbytes in 1 Request.\n"), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, format uint8) {
		lr := NewListingReader(bytes.NewReader(data), Format(format%3))
		lr.MaxLineSize = 4096
		lr.MaxRecipients = 100
		for i := 0; ; i++ {
			e, err := lr.Next()
			if err != nil {
				break
			}
			if !e.ID.IsValid() || len(e.Recipients) > 100 {
				t.Fatalf("entry %d: %+v", i, e)
			}
			if i > len(data) {
				t.Fatal("more entries than input bytes")
			}
		}
	})
}
