# Decode each input line (hex bytes) as fail2ban does: utf-8, errors='replace';
# print the code points (hex, space separated, "-" for none).
import sys
for line in sys.stdin:
    b = bytes.fromhex(line.strip())
    s = b.decode("utf-8", "replace")
    print(" ".join("%x" % ord(c) for c in s) or "-")
