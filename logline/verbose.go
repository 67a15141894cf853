package logline

// parseVerbose classifies the trace lines that Postfix programs log with -v
// or debug_peer_list: "function_name: text" and a few fixed phrases.
func parseVerbose(ev *Event, m []byte) {
	// "identifier: ..." (a C function or subsystem name), also with a path
	// ("private/rewrite socket: wanted attribute: ...").
	i := 0
	for i < len(m) {
		c := m[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '/' || c == '-' || c == '.') {
			break
		}
		i++
	}
	if i > 0 && i+1 < len(m) && m[i] == ':' && m[i+1] == ' ' {
		ev.Kind, ev.Action, ev.Text = Verbose, m[:i], m[i+2:]
		return
	}
	if i > 0 && hasPrefix(m[i:], " socket: ") {
		ev.Kind, ev.Action, ev.Text = Verbose, m[:i+7], m[i+9:]
		return
	}
	// "name = value" (parameter dumps).
	if i > 0 && hasPrefix(m[i:], " = ") {
		ev.Kind, ev.Action, ev.Text = Verbose, m[:i], m[i+3:]
		return
	}
	for _, p := range [...]string{"send attr ", "input attribute ", ">>> ", "connect to subsystem ", "process generation: ",
		"Compiled against ", "Run-time linked against ", "before ", "after ", "mapping DSN status ", "connection "} {
		if hasPrefix(m, p) {
			ev.Kind, ev.Action, ev.Text = Verbose, m[:len(p)-1], m[len(p):]
			return
		}
	}
	for _, s := range [...]string{" -- exiting", " disconnect"} {
		if hasSuffix(m, s) {
			ev.Kind, ev.Action, ev.Text = Verbose, m[len(m)-len(s)+1:], m[:len(m)-len(s)]
			return
		}
	}
}
