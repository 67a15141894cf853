// Package oracle holds the shared policy for tests that compare mailsift with
// the real tools (postmap, pcre2test, python3, fail2ban-regex, pflogsumm).
//
// A live differential test calls [Tool] (or [Env]) first. When the tool is
// missing the test is skipped, unless MAILSIFT_ORACLE=require is set (as
// .ci/run does), in which case a missing tool is a test failure. Golden
// fixtures recorded from the tools keep `go test ./...` hermetic; recorders
// re-create them when tests run with -update.
//
// This package is for tests only; no library package imports it.
package oracle

import (
	"flag"
	"os"
	"os/exec"
	"testing"
)

// EnvMode is the environment variable that selects the oracle policy.
const EnvMode = "MAILSIFT_ORACLE"

// Update reports whether golden files should be re-recorded from the real
// tools (go test -update).
var update = flag.Bool("update", false, "re-record golden fixtures from the real tools")

// Update reports whether the test binary runs with -update.
func Update() bool { return *update }

// Required reports whether missing oracles are failures (MAILSIFT_ORACLE=require).
func Required() bool { return os.Getenv(EnvMode) == "require" }

// Tool returns the path of the named oracle program, searching PATH and then
// the given fallback paths. If it is missing, the test is skipped, or fails
// under MAILSIFT_ORACLE=require.
func Tool(tb testing.TB, name string, fallbacks ...string) string {
	tb.Helper()
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	for _, p := range fallbacks {
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0 {
			return p
		}
	}
	Missing(tb, "oracle tool "+name+" not found")
	return ""
}

// Env returns the value of an environment variable that points at oracle
// data (for example MAILSIFT_PCRE2_TESTDATA). If it is unset, the test is
// skipped, or fails under MAILSIFT_ORACLE=require.
func Env(tb testing.TB, name string) string {
	tb.Helper()
	v := os.Getenv(name)
	if v == "" {
		Missing(tb, name+" is not set")
	}
	return v
}

// Missing skips the test with the reason, or fails it when oracles are required.
func Missing(tb testing.TB, reason string) {
	tb.Helper()
	if Required() {
		tb.Fatalf("%s (%s=require)", reason, EnvMode)
	}
	tb.Skipf("%s; set it up or run without %s=require to skip", reason, EnvMode)
}
