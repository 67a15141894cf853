package main

import (
	"bytes"
	"testing"
)

// TestQuickstartRuns keeps the README's first command working.
func TestQuickstartRuns(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out); err != nil {
		t.Fatal(err)
	}
	if out.Len() == 0 {
		t.Fatal("quickstart printed nothing")
	}
}
