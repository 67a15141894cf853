package dsn

import "testing"

var (
	benchCode   Code
	benchReply  Reply
	benchStatus Status
	benchEntry  Entry
)

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		benchCode, _ = Parse("5.7.25")
	}
}

func BenchmarkParseLenient(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		benchCode, _ = ParseLenient("4.01.001")
	}
}

func BenchmarkAppendTo(b *testing.B) {
	b.ReportAllocs()
	buf := make([]byte, 0, 16)
	c := MustParse("5.7.25")
	for b.Loop() {
		buf = c.AppendTo(buf[:0])
	}
}

func BenchmarkLookup(b *testing.B) {
	b.ReportAllocs()
	c := MustParse("5.7.26")
	for b.Loop() {
		benchEntry, _ = Lookup(c)
	}
}

func BenchmarkParseReply(b *testing.B) {
	const in = "550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown in local recipient table"
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		benchReply, _ = ParseReply(in)
	}
}

func BenchmarkParseReplyMultiline(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(gmail)))
	for b.Loop() {
		benchReply, _ = ParseReply(gmail)
	}
}

func BenchmarkParseStatus(b *testing.B) {
	for _, bm := range []struct{ name, line string }{
		{"sent", `Nov 22 14:32:02 mx postfix/smtp[28084]: 4jXWjt3kD8z1SGLv: to=<x@tls.example.test>, relay=127.0.0.1[127.0.0.1]:10030, delay=0.04, delays=0/0.03/0.01/0.01, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 4jXWjt3yVtz1SGM5)`},
		{"bounced", `Nov 22 14:32:02 mx postfix/smtp[28088]: 4jXWjt6prfz1SGM5: to=<x@tls.example.test>, relay=127.0.0.1[127.0.0.1]:10030, delay=0.01, delays=0/0/0/0, dsn=5.4.0, status=bounced (host 127.0.0.1[127.0.0.1] said: 554 5.4.0 Error: too many hops (in reply to end of DATA command))`},
		{"deferred", `Nov 22 14:10:11 mx postfix/smtp[16578]: AC8D598604A: to=<other@dom.example.net>, orig_to=<bcc@dom.example.net>, relay=none, delay=16, delays=16/0.02/0/0, dsn=4.4.1, status=deferred (connect to 127.0.0.1[127.0.0.1]:10099: Connection refused)`},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(bm.line)))
			for b.Loop() {
				benchStatus, _ = ParseStatus(bm.line)
			}
		})
	}
}
