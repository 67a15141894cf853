package qid

import (
	"testing"
)

var benchIDs = []string{"4jXWfr4z1Cz1SGmk", "DED2698662B", "3Pt2mN2VXxznjll", "2989A9862D4"}

func BenchmarkParse(b *testing.B) {
	ids := make([][]byte, len(benchIDs))
	for i, s := range benchIDs {
		ids[i] = []byte(s)
	}
	b.ReportAllocs()
	var sink ID
	for i := 0; b.Loop(); i++ {
		id, err := ParseBytes(ids[i&3])
		if err != nil {
			b.Fatal(err)
		}
		sink = id
	}
	_ = sink
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ids/s")
}

func BenchmarkParseString(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := Parse(benchIDs[i&3]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ids/s")
}

var benchLines = [][]byte{
	[]byte("Nov 22 14:29:24 mx postfix/qmgr[28005]: 4jXWfr4z1Cz1SGmk: from=<sender@example.org>, size=1234, nrcpt=1 (queue active)"),
	[]byte("Nov 22 14:28:56 mx postfix/smtpd[25646]: D23449866A9: client=client.example.org[5.6.7.8]"),
}

// BenchmarkFind finds the ID at the start of a typical log line.
func BenchmarkFind(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, ok := Find(benchLines[i&1]); !ok {
			b.Fatal("not found")
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ids/s")
}

// BenchmarkAppendAll finds both IDs of a relayed status=sent line.
func BenchmarkAppendAll(b *testing.B) {
	line := []byte("Nov 22 14:32:01 mx postfix/smtp[28084]: 4jXWjt3kD8z1SGLv: to=<x@tls.example.test>, relay=127.0.0.1[127.0.0.1]:10030, delay=0.04, delays=0/0.03/0.01/0.01, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 4jXWjt3yVtz1SGM5)")
	buf := make([]Match, 0, 4)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		buf = AppendAll(buf[:0], line)
		n += len(buf)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "ids/s")
}

func BenchmarkString(b *testing.B) {
	id := MustParse("4jXWfr4z1Cz1SGmk")
	buf := make([]byte, 0, 32)
	b.ReportAllocs()
	for b.Loop() {
		buf = id.AppendTo(buf[:0])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ids/s")
}
