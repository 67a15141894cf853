package regex

import (
	"fmt"
	"sync"
	"testing"
)

// TestConcurrentUse runs one compiled pattern from many goroutines (run it
// with -race, as CI does) and checks every result equals the serial one.
func TestConcurrentUse(t *testing.T) {
	for _, c := range benchCases {
		re, err := Compile(c.dialect, c.pattern, c.flags)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		lines := [][]byte{[]byte(c.hit), []byte(c.miss)}
		want := make([]string, len(lines))
		for i, l := range lines {
			m, err := re.FindSubmatchIndex(l)
			want[i] = fmt.Sprint(m, err)
		}
		var wg sync.WaitGroup
		errs := make(chan string, 16)
		for g := 0; g < 8; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for k := 0; k < 200; k++ {
					i := k % len(lines)
					m, err := re.FindSubmatchIndex(lines[i])
					if got := fmt.Sprint(m, err); got != want[i] {
						errs <- fmt.Sprintf("%s line %d: got %s, want %s", c.name, i, got, want[i])
						return
					}
					if ok, err := re.Match(lines[i]); ok != (want[i] != "[] <nil>") || err != nil {
						errs <- fmt.Sprintf("%s line %d: Match = %v, %v", c.name, i, ok, err)
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for e := range errs {
			t.Error(e)
		}
	}
}
