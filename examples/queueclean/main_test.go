package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
)

func golden(t *testing.T, name string) []byte {
	b, err := os.ReadFile("../../qid/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestQueueclean(t *testing.T) {
	now := time.Unix(1795741850, 0).Add(3 * time.Hour)
	for _, tc := range []struct {
		args   []string
		input  string
		out    int // IDs on stdout
		errHas string
		code   int
	}{
		{[]string{"-sender", "spam@bulk.example.com"}, "queue-long.j.golden", 0, "would delete", 0},
		{[]string{"-sender", "SPAM@bulk.example.com", "-y"}, "queue-long.j.golden", 2, "2 of 9", 0},
		{[]string{"-sender", "spam@bulk.example.com", "-y", "-p"}, "queue-short.p.golden", 2, "2 of 9", 0},
		{[]string{"-sender", "<>", "-y"}, "queue-short.j.golden", 1, "1 of 9", 0},
		{[]string{"-sender", "alice@example.org", "-y", "-min-age", "4h"}, "queue-long.j.golden", 0, "0 of 9", 0},
		{[]string{"-sender", "alice@example.org", "-y", "-min-age", "2h"}, "queue-long.j.golden", 3, "3 of 9", 0},
		{[]string{"-sender", "x@y", "-y"}, "empty-long.j.golden", 0, "0 of 0", 0},
		{[]string{"-sender", "x@y", "-y", "-p"}, "empty-long.p.golden", 0, "0 of 0", 0},
		{[]string{"-y"}, "empty-long.j.golden", 0, "-sender is required", 2},
		{[]string{"-sender", "x@y"}, "queue-long.p.golden", 0, "invalid JSON", 1},
	} {
		var out, errb bytes.Buffer
		code := run(tc.args, bytes.NewReader(golden(t, tc.input)), &out, &errb, now)
		lines := strings.Fields(out.String())
		if code != tc.code || len(lines) != tc.out || !strings.Contains(errb.String(), tc.errHas) {
			t.Errorf("%v < %s: code %d, stdout %q, stderr %q", tc.args, tc.input, code, out.String(), errb.String())
		}
	}
}

func TestQueuecleanRun(t *testing.T) {
	// -run with a fake postqueue that prints a recorded listing.
	var out, errb bytes.Buffer
	code := run([]string{"-run", "-postqueue", "cat", "-c", "../../qid/testdata/queue-long.j.golden", "-sender", "hold-me@example.org", "-y"},
		nil, &out, &errb, time.Now())
	// "cat -c FILE -j" fails (cat has no -c), so expect a clean error.
	if code != 1 || !strings.Contains(errb.String(), "cat") {
		t.Errorf("code %d, stderr %q", code, errb.String())
	}
}
