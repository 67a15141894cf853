package logline

import (
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/mailsift/mailsift/qid"
)

// AppendJSON appends ev as one JSON object (no line break) to b. The field
// names are stable; the README of examples/logjson lists them. Fields that
// are empty or zero are left out, except time, event, host and program.
// Times use RFC 3339 with nanoseconds, durations are seconds.
func (ev *Event) AppendJSON(b []byte) []byte {
	b = append(b, `{"time":"`...)
	b = ev.Time.AppendFormat(b, time.RFC3339Nano)
	b = append(b, `","event":"`...)
	b = append(b, ev.Kind.String()...)
	b = append(b, '"')
	b = jsonStr(b, "host", ev.Host, true)
	b = jsonStr(b, "program", ev.Program, true)
	b = jsonStr(b, "syslog_name", ev.SyslogName, false)
	b = jsonInt(b, "pid", int64(ev.PID))
	b = append(b, `,"format":"`...)
	b = append(b, ev.Format.String()...)
	b = append(b, '"')
	if ev.Severity != Info {
		b = append(b, `,"severity":"`...)
		b = append(b, ev.Severity.String()...)
		b = append(b, '"')
	}
	b = jsonID(b, "queue_id", ev.QueueID)
	if ev.NoQueue {
		b = append(b, `,"noqueue":true`...)
	}
	b = jsonStr(b, "action", ev.Action, false)
	b = jsonStr(b, "command", ev.Command, false)
	b = jsonPeer(b, "client", ev.Client)
	b = jsonPeer(b, "server", ev.Server)
	b = jsonPeer(b, "relay", ev.Relay)
	if ev.Reply.IsValid() {
		b = jsonInt(b, "reply_code", int64(ev.Reply.Code()))
		if c := ev.Reply.Enhanced(); c.IsValid() {
			b = append(b, `,"enhanced_code":"`...)
			b = c.AppendTo(b)
			b = append(b, '"')
		}
	}
	b = jsonStr(b, "text", ev.Text, false)
	b = jsonStr(b, "reason", ev.Reason, false)
	if ev.Kind == SMTPAction || ev.Kind == HeaderCheck || ev.Kind == Pickup || ev.Kind == QueueActive || ev.Kind == Expired {
		// The null sender is meaningful: keep from="" when it was logged.
		if ev.From != nil {
			b = jsonStr(b, "from", ev.From, true)
		}
	} else {
		b = jsonStr(b, "from", ev.From, false)
	}
	b = jsonStr(b, "to", ev.To, false)
	b = jsonStr(b, "orig_to", ev.OrigTo, false)
	b = jsonStr(b, "proto", ev.Proto, false)
	b = jsonStr(b, "helo", ev.Helo, false)
	b = jsonStr(b, "sasl_method", ev.SASLMethod, false)
	b = jsonStr(b, "sasl_username", ev.SASLUsername, false)
	b = jsonStr(b, "sasl_sender", ev.SASLSender, false)
	b = jsonID(b, "related_queue_id", ev.RelatedID)
	b = jsonStr(b, "orig_client", ev.OrigClient, false)
	b = jsonStr(b, "message_id", ev.MessageID, false)
	b = jsonStr(b, "context", ev.Context, false)
	if ev.Kind == QueueActive {
		b = append(b, `,"size":`...)
		b = strconv.AppendInt(b, ev.Size, 10)
		b = append(b, `,"nrcpt":`...)
		b = strconv.AppendInt(b, int64(ev.Nrcpt), 10)
	}
	if ev.Kind == Pickup {
		b = append(b, `,"uid":`...)
		b = strconv.AppendInt(b, int64(ev.UID), 10)
	}
	b = jsonInt(b, "count", ev.Count)
	if ev.Kind == Delivery {
		b = append(b, `,"delay":`...)
		b = appendSeconds(b, ev.Delay)
		b = append(b, `,"delays":[`...)
		for i, d := range ev.Delays {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendSeconds(b, d)
		}
		b = append(b, ']')
		b = jsonInt(b, "conn_use", int64(ev.ConnUse))
	}
	if ev.DSN.IsValid() {
		b = append(b, `,"dsn":"`...)
		b = ev.DSN.AppendTo(b)
		b = append(b, '"')
	}
	if st := &ev.Status; st.Action != 0 {
		b = append(b, `,"status":"`...)
		b = append(b, st.Action.String()...)
		b = append(b, `","status_kind":"`...)
		b = append(b, st.Kind.String()...)
		b = append(b, '"')
		if st.Suspended {
			b = append(b, `,"status_suspended":true`...)
		}
		b = jsonStr(b, "status_host", []byte(st.Host), false)
		if st.Addr.IsValid() {
			b = append(b, `,"status_ip":"`...)
			b = st.Addr.AppendTo(b)
			b = append(b, '"')
		}
		if st.Reply.IsValid() {
			b = jsonInt(b, "status_reply_code", int64(st.Reply.Code()))
			if c := st.Reply.Enhanced(); c.IsValid() {
				b = append(b, `,"status_enhanced_code":"`...)
				b = c.AppendTo(b)
				b = append(b, '"')
			}
		}
		if st.Stage != 0 {
			b = jsonStr(b, "status_stage", []byte(st.Stage.String()), false)
		}
		b = jsonStr(b, "status_detail", []byte(st.Detail), false)
		b = jsonStr(b, "status_queued_as", []byte(st.QueuedAs), false)
	}
	if ev.Duration != 0 {
		b = append(b, `,"duration":`...)
		b = appendSeconds(b, ev.Duration)
	}
	if ev.Commands.Set != 0 {
		b = append(b, `,"commands":{`...)
		first := true
		for c := Counter(0); c < NumCounters; c++ {
			if !ev.Commands.Has(c) {
				continue
			}
			if !first {
				b = append(b, ',')
			}
			first = false
			b = append(b, '"')
			b = append(b, c.String()...)
			b = append(b, `":[`...)
			b = strconv.AppendUint(b, uint64(ev.Commands.OK[c]), 10)
			b = append(b, ',')
			b = strconv.AppendUint(b, uint64(ev.Commands.Total[c]), 10)
			b = append(b, ']')
		}
		b = append(b, '}')
	}
	b = jsonStr(b, "tls_trust", ev.TLS.Trust, false)
	if ev.TLS.Reused {
		b = append(b, `,"tls_reused":true`...)
	}
	b = jsonStr(b, "tls_protocol", ev.TLS.Protocol, false)
	b = jsonStr(b, "tls_cipher", ev.TLS.Cipher, false)
	b = jsonInt(b, "tls_bits", int64(ev.TLS.Bits))
	b = jsonStr(b, "service", ev.Service, false)
	if ev.Kind == DovecotLogin || ev.Kind == DovecotLoginFailed {
		if ev.User != nil {
			b = jsonStr(b, "user", ev.User, true)
		}
	} else {
		b = jsonStr(b, "user", ev.User, false)
	}
	b = jsonStr(b, "method", ev.Method, false)
	b = jsonStr(b, "session", ev.Session, false)
	b = jsonInt(b, "mpid", int64(ev.MPID))
	b = jsonStr(b, "mailbox", ev.Mailbox, false)
	return append(b, '}')
}

func appendSeconds(b []byte, d time.Duration) []byte {
	return strconv.AppendFloat(b, d.Seconds(), 'f', -1, 64)
}

func jsonInt(b []byte, key string, v int64) []byte {
	if v == 0 {
		return b
	}
	b = append(b, ',', '"')
	b = append(b, key...)
	b = append(b, '"', ':')
	return strconv.AppendInt(b, v, 10)
}

func jsonID(b []byte, key string, id qid.ID) []byte {
	if !id.IsValid() {
		return b
	}
	b = append(b, ',', '"')
	b = append(b, key...)
	b = append(b, `":"`...)
	b = id.AppendTo(b)
	return append(b, '"')
}

func jsonPeer(b []byte, key string, p Peer) []byte {
	if p.IsZero() && p.Port == 0 {
		return b
	}
	b = jsonStr(b, key, p.Name, false)
	if p.Addr.IsValid() {
		b = append(b, ',', '"')
		b = append(b, key...)
		b = append(b, `_ip":"`...)
		b = p.Addr.AppendTo(b)
		b = append(b, '"')
	}
	b = jsonStr(b, key+"_path", p.Path, false)
	return jsonInt(b, key+"_port", int64(p.Port))
}

func jsonStr(b []byte, key string, v []byte, always bool) []byte {
	if len(v) == 0 && !always {
		return b
	}
	b = append(b, ',', '"')
	b = append(b, key...)
	b = append(b, '"', ':')
	return appendJSONString(b, v)
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string; invalid UTF-8 becomes U+FFFD.
func appendJSONString(b []byte, s []byte) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
