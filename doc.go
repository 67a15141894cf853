// Package mailsift is an embeddable Go library for mail tools: it parses
// Postfix and Dovecot logs, evaluates Postfix lookup tables, access
// restrictions and header checks, and runs fail2ban filters — each with the
// same answer as the real program.
//
// # The fidelity promise
//
// Every package gives the answer the program it emulates gives, and proves
// it against that program: golden fixtures recorded from the real tool keep
// `go test ./...` hermetic, and live differential tests run the real tool on
// generated inputs (they run in CI with MAILSIFT_ORACLE=require). Where
// mailsift cannot reproduce a behaviour exactly it returns a typed error; it
// never gives a silently different answer. Then speed: each package is far
// faster than the tool it emulates, measured by benchmarks.
//
// # Packages
//
//	package              what                                                oracle
//	internal/regex       one regex engine for PCRE2 (byte mode, as Postfix    pcre2test 10.42 and PCRE2's
//	                     pcre: tables), Python re (as fail2ban) and POSIX      testinput1; /usr/bin/python3;
//	                     ERE/BRE (as Postfix regexp: tables, glibc)            glibc regexec; postmap -q
//	internal/table       Postfix lookup tables (hash, cidr, pcre, regexp, …)  postmap -q
//	qid                  Postfix queue IDs (short and long), queue listings    real Postfix logs, postqueue
//	dsn                  enhanced status codes, SMTP replies, status= lines   IANA registry, Postfix logs
//	logline              Postfix and Dovecot syslog lines as typed events      real Postfix 3.7 logs
//	accessmap            Postfix tables and smtpd access restrictions          postmap -q, smtpd
//	headercheck          header_checks, body_checks as cleanup applies them    postmap -h/-b, cleanup
//	failregex            fail2ban filter.d files and failregex                 fail2ban-regex 1.0.2
//
// Runnable programs live under examples/: examples/quickstart shows each
// part on embedded sample data.
//
// # A complete use
//
// The regex engine is internal; the packages above are the public face.
// For example, a Postfix pcre: rule matches bytes, caselessly by default:
//
//	re, err := regex.Compile(regex.PCRE2, `^Subject:.*viagra`, regex.Caseless|regex.DotAll)
//	if err != nil { … }            // *regex.Error: invalid, or unsupported construct named
//	ok, err := re.MatchString("Subject: Cheap VIAGRA")   // true, as Postfix
//
// See README.md for the two commands a newcomer runs.
package mailsift
