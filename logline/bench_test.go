package logline

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

var benchData struct {
	once  sync.Once
	lines [][]byte
	size  int64
	err   string
}

// benchLines returns the lines of the generated 1 M-line log, generating it
// into a temporary directory when python3 and the generator are available.
func benchLines(b *testing.B) ([][]byte, int64) {
	benchData.once.Do(func() {
		path := os.Getenv("MAILSIFT_GENLOG")
		if path == "" {
			py, err := exec.LookPath("python3")
			gen := filepath.Join("..", "..", "shared", "tools", "gen_maillog.py")
			if err != nil {
				benchData.err = "python3 not found"
				return
			}
			if _, err := os.Stat(gen); err != nil {
				benchData.err = "generator not found: " + gen
				return
			}
			dir, err := os.MkdirTemp("", "logline-bench")
			if err != nil {
				benchData.err = err.Error()
				return
			}
			defer os.RemoveAll(dir)
			path = filepath.Join(dir, "gen.log")
			out, err := os.Create(path)
			if err != nil {
				benchData.err = err.Error()
				return
			}
			cmd := exec.Command(py, gen, "--seed", "1", "--lines", "1000000")
			cmd.Stdout = out
			if err := cmd.Run(); err != nil {
				benchData.err = "generator: " + err.Error()
				return
			}
			out.Close()
		}
		data, err := os.ReadFile(path)
		if err != nil {
			benchData.err = err.Error()
			return
		}
		benchData.size = int64(len(data))
		benchData.lines = bytes.SplitAfter(data, []byte("\n"))
		if n := len(benchData.lines); n > 0 && len(benchData.lines[n-1]) == 0 {
			benchData.lines = benchData.lines[:n-1]
		}
	})
	if benchData.err != "" {
		b.Skip(benchData.err)
	}
	return benchData.lines, benchData.size
}

func report(b *testing.B, lines int, size int64) {
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(lines)*float64(b.N)/sec, "lines/s")
	b.ReportMetric(float64(size)*float64(b.N)/sec/1e6, "MB/s")
	b.ReportMetric(b.Elapsed().Seconds()*1e9/float64(lines)/float64(b.N), "ns/line")
}

// BenchmarkParse is the full typed parse of every line of the generated log
// (one core, lines already in memory).
func BenchmarkParse(b *testing.B) {
	lines, size := benchLines(b)
	p := Parser{Location: time.UTC}
	var ev Event
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		p.Years.Reset(time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC))
		for _, l := range lines {
			if err := p.Parse(l, &ev); err != nil {
				b.Fatal(err)
			}
		}
	}
	report(b, len(lines), size)
}

// BenchmarkParsePrefix parses only the syslog prefix of every line.
func BenchmarkParsePrefix(b *testing.B) {
	lines, size := benchLines(b)
	p := Parser{Location: time.UTC}
	var ev Event
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		p.Years.Reset(time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC))
		for _, l := range lines {
			if err := p.ParsePrefix(l, &ev); err != nil {
				b.Fatal(err)
			}
		}
	}
	report(b, len(lines), size)
}
