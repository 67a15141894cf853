package regex

import (
	"strings"
	"testing"

	"github.com/dlclark/regexp2/v2"
)

// benchCases are the patterns of spec/regex.md §6: header_checks patterns
// with Postfix's default flags, and fail2ban-style Python patterns written
// for this project in the shape of the stock filters (a <HOST>-like group
// with its IPv6 lookbehind).
var benchCases = []struct {
	name      string
	dialect   Dialect
	flags     Flags
	pattern   string
	hit, miss string
}{
	{"hc-subject-anchored", PCRE2, Caseless | DotAll, `^Subject:.*viagra`,
		"Subject: Re: your order - cheap VIAGRA and other meds shipped worldwide, order today and save 80 percent on your next purchase!!",
		"Subject: Minutes of the quarterly infrastructure review meeting held on Thursday in the Berlin office, please read and comment"},
	{"hc-words-unanchored", PCRE2, Caseless | DotAll, `viagra|cialis|levitra`,
		"Subject: Re: your order - cheap VIAGRA and other meds shipped worldwide, order today and save 80 percent on your next purchase!!",
		"Subject: Minutes of the quarterly infrastructure review meeting held on Thursday in the Berlin office, please read and comment"},
	{"hc-received-private", PCRE2, Caseless | DotAll, `^Received:.*\[(10|127|192\.168)\.\d+\.\d+(\.\d+)?\]`,
		"Received: from mail.example.org (mail.example.org [192.168.10.25]) by mx1.example.com (Postfix) with ESMTPS id 4ABC123DEF for <u@example.com>",
		"Received: from mail.example.org (mail.example.org [203.0.113.77]) by mx1.example.com (Postfix) with ESMTPS id 4ABC123DEF for <u@example.com>"},
	{"hc-attachment-ext", PCRE2, Caseless | DotAll, `^Content-(Type|Disposition):.*name\s*=\s*"?[^"]*\.(exe|scr|pif|bat|vbs|js|cmd|com)"?\s*$`,
		`Content-Disposition: attachment; filename="invoice_2026_11_22_payment_details_scan0001_final_version_signed.pdf.exe"`,
		`Content-Disposition: attachment; filename="invoice_2026_11_22_payment_details_scan0001_final_version_signed.pdf.zip"`},
	{"py-reject-line", Python, 0, `^(?:\S+ )?postfix/\w+\[\d+\]: NOQUEUE: reject: RCPT from (?P<dns>[\w.-]+)\[(?P<ip>[0-9a-fA-F.:]+|(?<=:):)\]: (?P<code>\d{3}) `,
		"mx1 postfix/smtpd[12345]: NOQUEUE: reject: RCPT from unknown[203.0.113.45]: 554 5.7.1 <spam@example.com>: Relay access denied; from=<a@b.c> to=<d@e.f> proto=ESMTP helo=<x>",
		"mx1 postfix/smtpd[12345]: disconnect from mail-ed1-f54.google.com[209.85.208.54] ehlo=2 starttls=1 mail=1 rcpt=1 data=1 quit=1 commands=7"},
	{"py-ssh-unanchored", Python, 0, `Failed (?:password|publickey) for (?:invalid user )?(?P<user>\S+) from (?P<host>(?:\d{1,3}\.){3}\d{1,3}|(?:[0-9a-fA-F]{1,4}::?|::){1,7}(?:[0-9a-fA-F]{1,4}|(?<=:):))`,
		"sshd[1234]: Failed password for invalid user admin from 198.51.100.23 port 52211 ssh2 [preauth] extra padding text here ok",
		"sshd[1234]: Accepted publickey for root from 198.51.100.23 port 52211 ssh2: ED25519 SHA256:q1w2e3r4t5y6u7i8o9p0 ok"},
}

// naive compiles the pattern for regexp2 the way a program would without
// mailsift: the source text as it is, flags as regexp2 options.
func naive(tb testing.TB, d Dialect, flags Flags, pattern string) *regexp2.Regexp {
	var o regexp2.RegexOptions
	if flags&Caseless != 0 {
		o |= regexp2.IgnoreCase
	}
	if flags&DotAll != 0 {
		o |= regexp2.Singleline
	}
	if d == Python {
		pattern = strings.ReplaceAll(pattern, "(?P<", "(?<")
	}
	re, err := regexp2.Compile(pattern, o)
	if err != nil {
		tb.Fatal(err)
	}
	return re
}

// BenchmarkMatch compares mailsift's Match with regexp2 v2 used directly on
// the same pattern, for a matching and a non-matching line.
func BenchmarkMatch(b *testing.B) {
	for _, c := range benchCases {
		re, err := Compile(c.dialect, c.pattern, c.flags)
		if err != nil {
			b.Fatalf("%s: %v", c.name, err)
		}
		direct := naive(b, c.dialect, c.flags, c.pattern)
		for _, in := range []struct {
			kind, line string
			want       bool
		}{{"hit", c.hit, true}, {"miss", c.miss, false}} {
			line := []byte(in.line)
			b.Run(c.name+"/"+in.kind+"/mailsift", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if ok, err := re.Match(line); ok != in.want || err != nil {
						b.Fatal(ok, err)
					}
				}
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lines/s")
			})
			b.Run(c.name+"/"+in.kind+"/regexp2", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if ok, err := direct.MatchString(in.line); ok != in.want || err != nil {
						b.Fatal(ok, err)
					}
				}
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lines/s")
			})
		}
	}
}

// BenchmarkPrefilterReject measures lines the required-literal prefilter
// rejects before any regex runs (goal: ≤ 200 ns).
func BenchmarkPrefilterReject(b *testing.B) {
	for _, c := range benchCases {
		re, err := Compile(c.dialect, c.pattern, c.flags)
		if err != nil {
			b.Fatal(err)
		}
		line := []byte(c.miss)
		if re.pre.mayMatch(line) {
			continue // the literal is on the line: not a prefilter case
		}
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if ok, _ := re.Match(line); ok {
					b.Fatal("matched")
				}
			}
		})
	}
}
