package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func TestQueuealert(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		input  string
		code   int
		errHas string
	}{
		{[]string{"-max", "9"}, "queue-long.j.golden", 0, ""},
		{[]string{"-max", "8"}, "queue-long.j.golden", 1, "9 messages queued, more than the limit of 8"},
		{[]string{"-max", "8", "-p"}, "queue-short.p.golden", 1, "9 messages queued"},
		{[]string{"-deferred", "-max", "6"}, "queue-long.j.golden", 1, "7 messages deferred"},
		{[]string{"-deferred", "-max", "7"}, "queue-long.j.golden", 0, ""},
		{[]string{"-deferred", "-max", "6", "-p"}, "queue-long.p.golden", 1, "7 messages deferred"},
		{[]string{"-max", "0"}, "empty-short.j.golden", 0, ""},
		{[]string{"-max", "0", "-p"}, "empty-short.p.golden", 0, ""},
		{[]string{"-max", "0"}, "queue-short.p.golden", 2, "invalid JSON"},
	} {
		in, err := os.ReadFile("../../qid/testdata/" + tc.input)
		if err != nil {
			t.Fatal(err)
		}
		var out, errb bytes.Buffer
		code := run(append(tc.args, "-v"), bytes.NewReader(in), &out, &errb)
		if code != tc.code || tc.errHas != "" && !strings.Contains(errb.String(), tc.errHas) || tc.errHas == "" && errb.Len() > 0 {
			t.Errorf("%v < %s: code %d, stdout %q, stderr %q", tc.args, tc.input, code, out.String(), errb.String())
		}
	}
}

func TestQueuealertRun(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"-run", "-postqueue", "/nonexistent/postqueue"}, nil, &out, &errb); code != 2 {
		t.Errorf("code %d, stderr %q", code, errb.String())
	}
}
