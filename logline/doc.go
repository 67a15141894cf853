// Package logline parses Postfix and Dovecot log lines into typed events,
// without allocating.
//
// [Parse] fills a caller-owned [Event] from one line: the syslog prefix
// (RFC 3164 with space- or zero-padded day, rsyslog RFC 3339, journald
// short-iso with either offset spelling, RFC 5424, Postfix maillog_file,
// Dovecot log files, multilog TAI64N), the tag split into syslog_name and
// program ("postfix-out/smtp", "postfix/submission/smtpd"), pid, severity,
// the queue ID (short or long, via package qid) or NOQUEUE, and then a
// [Kind] with its fields: smtpd connects, rejects, SASL failures, TLS;
// postscreen, tlsproxy, dnsblog; cleanup, pickup, qmgr; delivery status lines
// with the status parsed by package dsn; bounce, postsuper, anvil, master;
// Dovecot logins, login failures, auth failures, LMTP deliveries, logouts.
// A syslog line whose message is not recognised has Kind [Unknown]; a line
// that is not syslog at all is a *[ParseError] with the column.
//
// The Event's byte slices point into the line; [Event.Clone] copies. A
// [Parser] carries the time zone and the year inference of a stream
// ([YearInferrer]); a [Scanner] reads lines from an io.Reader (any length,
// no final newline needed); [OpenRotated] reads a rotated set of files,
// oldest first, decompressing gzip.
package logline
