package table

import (
	"encoding/binary"
	"sort"
	"strings"
)

// CIDRTable is a cidr: table. Rules are tried in file order and the first
// match wins; runs of plain (non-negated) rules are compiled into hashed
// per-prefix-length buckets that keep the first-match-in-file-order result.
type CIDRTable struct {
	name string
	ops  []cidrOp
}

const (
	cidrBlock = iota
	cidrNeg
	cidrIf
	cidrEndif
)

type cidrOp struct {
	kind  uint8
	v6    bool
	neg   bool
	bits  int
	addr  [16]byte // network, v4 in the first 4 bytes
	value string
	skip  int // cidrIf: op index to continue at when false; -1: unterminated
	line  int
	blk   *cidrBuckets
}

type v6key struct {
	hi, lo uint64
	bits   uint8
}

// cidrBuckets holds a run of plain rules: for each family, the prefix
// lengths used (ordered by their first rule) and one map from masked
// network to the index of the first rule with that network.
type cidrBuckets struct {
	rules  []cidrOp // the run's rules in file order (reference scan, tests)
	values []string
	v4lens []lenFirst
	v6lens []lenFirst
	v4     map[uint64]int32
	v6     map[v6key]int32
}

type lenFirst struct {
	bits  uint8
	first int32 // smallest rule index with this length
}

// OpenCIDR opens a cidr table file (or an inline "{ {rule}, ... }" name).
func OpenCIDR(name string, opt *Options) (*CIDRTable, error) {
	if opt == nil {
		opt = &Options{}
	}
	var data []byte
	var err error
	if strings.HasPrefix(name, "{") {
		data, err = inlineFile("cidr", name)
	} else {
		data, err = readFile(opt, name)
		if err != nil {
			err = fatalf("open %s: %s", name, errnoText(err))
		}
	}
	if err != nil {
		return nil, err
	}
	return ParseCIDR(name, data, opt.Warn), nil
}

// ParseCIDR compiles cidr table text. Bad rules are skipped with Postfix's
// warnings.
func ParseCIDR(name string, data []byte, warn Warning) *CIDRTable {
	t := &CIDRTable{name: name}
	w := func(line int, format string, args ...any) {
		if warn != nil {
			warn(sprintf("cidr map %s, line %d: ", name, line) + sprintf(format, args...))
		}
	}
	var stack []int
	for _, ln := range ReadLines(name, data, warn) {
		p := trimSpaceRight(ln.Text)
		if hasKeyword(p, "if") {
			rest := p[2:]
			neg, rest := negPrefix(rest)
			pat := trimSpace(rest)
			if pat == "" {
				w(ln.Num, "no address pattern: skipping this rule")
				continue
			}
			op, e := parseCIDRPattern(pat)
			if e != "" {
				w(ln.Num, "%s: skipping this rule", e)
				continue
			}
			op.kind, op.neg, op.line, op.skip = cidrIf, neg, ln.Num, -1
			stack = append(stack, len(t.ops))
			t.ops = append(t.ops, op)
			continue
		}
		if hasKeyword(p, "endif") {
			if trimSpace(p[5:]) != "" {
				w(ln.Num, "garbage after ENDIF: skipping this rule")
				continue
			}
			if len(stack) == 0 {
				w(ln.Num, "ENDIF without IF: skipping this rule")
				continue
			}
			t.ops[stack[len(stack)-1]].skip = len(t.ops) + 1
			stack = stack[:len(stack)-1]
			t.ops = append(t.ops, cidrOp{kind: cidrEndif, line: ln.Num})
			continue
		}
		neg, rest := negPrefix(p)
		i := 0
		for i < len(rest) && !isSpace(rest[i]) {
			i++
		}
		pat, value := rest[:i], trimSpace(rest[i:])
		if pat == "" {
			w(ln.Num, "no address pattern: skipping this rule")
			continue
		}
		op, e := parseCIDRPattern(pat)
		if e != "" {
			w(ln.Num, "%s: skipping this rule", e)
			continue
		}
		if value == "" {
			w(ln.Num, "no lookup result: skipping this rule")
			continue
		}
		op.neg, op.value, op.line = neg, value, ln.Num
		if neg {
			op.kind = cidrNeg
			t.ops = append(t.ops, op)
			continue
		}
		if n := len(t.ops); n == 0 || t.ops[n-1].kind != cidrBlock {
			t.ops = append(t.ops, cidrOp{kind: cidrBlock, blk: &cidrBuckets{v4: map[uint64]int32{}, v6: map[v6key]int32{}}})
		}
		t.ops[len(t.ops)-1].blk.add(&op)
	}
	for i := len(stack) - 1; i >= 0; i-- {
		w(t.ops[stack[i]].line, "IF has no matching ENDIF")
	}
	for i := range t.ops {
		if b := t.ops[i].blk; b != nil {
			b.finish()
		}
	}
	return t
}

// hasKeyword reports whether p starts with kw (case-insensitive) followed
// by a non-alphanumeric character or the end.
func hasKeyword(p, kw string) bool {
	return len(p) >= len(kw) && strings.EqualFold(p[:len(kw)], kw) && (len(p) == len(kw) || !isAlnum(p[len(kw)]))
}

// negPrefix consumes any mix of '!' and whitespace; each '!' toggles.
func negPrefix(s string) (bool, string) {
	neg := false
	i := 0
	for i < len(s) && (s[i] == '!' || isSpace(s[i])) {
		if s[i] == '!' {
			neg = !neg
		}
		i++
	}
	return neg, s[i:]
}

func (b *cidrBuckets) add(op *cidrOp) {
	idx := int32(len(b.values))
	b.values = append(b.values, op.value)
	b.rules = append(b.rules, *op)
	if op.v6 {
		k := v6key{binary.BigEndian.Uint64(op.addr[:8]), binary.BigEndian.Uint64(op.addr[8:]), uint8(op.bits)}
		if _, ok := b.v6[k]; !ok {
			b.v6[k] = idx
			b.v6lens = addLen(b.v6lens, uint8(op.bits), idx)
		}
		return
	}
	k := uint64(op.bits)<<32 | uint64(binary.BigEndian.Uint32(op.addr[:4]))
	if _, ok := b.v4[k]; !ok {
		b.v4[k] = idx
		b.v4lens = addLen(b.v4lens, uint8(op.bits), idx)
	}
}

func addLen(l []lenFirst, bits uint8, idx int32) []lenFirst {
	for _, x := range l {
		if x.bits == bits {
			return l
		}
	}
	return append(l, lenFirst{bits, idx})
}

func (b *cidrBuckets) finish() {
	sort.Slice(b.v4lens, func(i, j int) bool { return b.v4lens[i].first < b.v4lens[j].first })
	sort.Slice(b.v6lens, func(i, j int) bool { return b.v6lens[i].first < b.v6lens[j].first })
}

func (b *cidrBuckets) find(v6 bool, a *[16]byte) int32 {
	best := int32(-1)
	if v6 {
		hi, lo := binary.BigEndian.Uint64(a[:8]), binary.BigEndian.Uint64(a[8:])
		for _, l := range b.v6lens {
			if best >= 0 && best < l.first {
				break
			}
			mh, ml := mask128(hi, lo, int(l.bits))
			if i, ok := b.v6[v6key{mh, ml, l.bits}]; ok && (best < 0 || i < best) {
				best = i
			}
		}
		return best
	}
	x := binary.BigEndian.Uint32(a[:4])
	for _, l := range b.v4lens {
		if best >= 0 && best < l.first {
			break
		}
		var m uint32
		if l.bits > 0 {
			m = x &^ (1<<(32-uint(l.bits)) - 1)
			if l.bits == 32 {
				m = x
			}
		}
		if i, ok := b.v4[uint64(l.bits)<<32|uint64(m)]; ok && (best < 0 || i < best) {
			best = i
		}
	}
	return best
}

func mask128(hi, lo uint64, bits int) (uint64, uint64) {
	switch {
	case bits <= 0:
		return 0, 0
	case bits < 64:
		return hi &^ (1<<(64-uint(bits)) - 1), 0
	case bits == 64:
		return hi, 0
	case bits < 128:
		return hi, lo &^ (1<<(128-uint(bits)) - 1)
	}
	return hi, lo
}

// parseCIDRPattern parses "addr", "addr/len", "[addr]", "[addr/len]" or
// "[addr]/len". e is Postfix's complaint (without ": skipping this rule").
func parseCIDRPattern(pat string) (op cidrOp, e string) {
	text := pat
	if pat[0] == '[' {
		j := strings.IndexByte(pat, ']')
		if j < 0 {
			return op, sprintf("missing ']' character after \"%s\"", pat)
		}
		after := pat[j+1:]
		if after != "" && after[0] != '/' {
			return op, sprintf("garbage after \"%s\"", pat[:j+1])
		}
		text = pat[1:j] + after
	}
	addr, mask, hasMask := strings.Cut(text, "/")
	op.v6 = strings.IndexByte(addr, ':') >= 0
	max := 32
	if op.v6 {
		max = 128
	}
	if hasMask {
		if mask == "" || !allDigits(mask) {
			return op, sprintf("bad mask value in \"%s\"", text)
		}
		if !parseAddr(addr, op.v6, &op.addr) {
			return op, sprintf("bad network value in \"%s\"", text)
		}
		op.bits = atoiC(mask)
		if op.bits < 0 || op.bits > max {
			return op, sprintf("bad mask length in \"%s\"", text)
		}
		var masked [16]byte
		maskAddr(&masked, &op.addr, op.bits, max)
		if masked != op.addr {
			return op, sprintf("non-null host address bits in \"%s\", perhaps you should use \"%s/%d\" instead", text, ntop(&masked, op.v6), op.bits)
		}
		return op, ""
	}
	if !parseAddr(addr, op.v6, &op.addr) {
		return op, sprintf("bad address pattern: \"%s\"", text)
	}
	op.bits = max
	return op, ""
}

func maskAddr(dst, src *[16]byte, bits, max int) {
	n := max / 8
	for i := 0; i < n; i++ {
		switch {
		case bits >= (i+1)*8:
			dst[i] = src[i]
		case bits > i*8:
			dst[i] = src[i] & ^byte(0xff>>uint(bits-i*8))
		default:
			dst[i] = 0
		}
	}
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// atoiC is glibc atoi on a digit string: strtol saturating at LONG_MAX,
// then truncated to a 32-bit int.
func atoiC(s string) int {
	var v uint64
	const lmax = 1<<63 - 1
	for i := 0; i < len(s); i++ {
		d := uint64(s[i] - '0')
		if v > (lmax-d)/10 {
			v = lmax
			break
		}
		v = v*10 + d
	}
	return int(int32(uint32(v)))
}

func parseAddr(s string, v6 bool, dst *[16]byte) bool {
	if v6 {
		return pton6(s, dst)
	}
	return pton4(s, dst[:4])
}

// pton4 is glibc inet_pton(AF_INET): exactly four decimal octets, no
// leading zeros.
func pton4(s string, dst []byte) bool {
	octets, sawDigit := 0, false
	var cur uint
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if sawDigit && cur == 0 {
				return false
			}
			cur = cur*10 + uint(c-'0')
			if cur > 255 {
				return false
			}
			if !sawDigit {
				octets++
				if octets > 4 {
					return false
				}
				sawDigit = true
			}
		case c == '.' && sawDigit:
			if octets == 4 {
				return false
			}
			dst[octets-1] = byte(cur)
			cur, sawDigit = 0, false
		default:
			return false
		}
	}
	if octets < 4 || !sawDigit {
		return false
	}
	dst[3] = byte(cur)
	return true
}

// pton6 is glibc inet_pton(AF_INET6).
func pton6(s string, dst *[16]byte) bool {
	var tmp [16]byte
	tp, colonp := 0, -1
	i := 0
	if len(s) > 0 && s[0] == ':' {
		if len(s) < 2 || s[1] != ':' {
			return false
		}
		i = 1
	}
	curtok := i
	sawXdigit := false
	var val uint
	ndig := 0
	for i < len(s) {
		c := s[i]
		i++
		if d := hexVal(c); d >= 0 {
			if ndig >= 4 {
				return false
			}
			val = val<<4 | uint(d)
			ndig++
			sawXdigit = true
			continue
		}
		if c == ':' {
			curtok = i
			if !sawXdigit {
				if colonp >= 0 {
					return false
				}
				colonp = tp
				continue
			}
			if i >= len(s) {
				return false
			}
			if tp+2 > 16 {
				return false
			}
			tmp[tp], tmp[tp+1] = byte(val>>8), byte(val)
			tp += 2
			sawXdigit, val, ndig = false, 0, 0
			continue
		}
		if c == '.' && tp+4 <= 16 {
			if !pton4(s[curtok:], tmp[tp:tp+4]) {
				return false
			}
			tp += 4
			sawXdigit = false
			ndig = 0
			break
		}
		return false
	}
	if sawXdigit {
		if tp+2 > 16 {
			return false
		}
		tmp[tp], tmp[tp+1] = byte(val>>8), byte(val)
		tp += 2
	}
	if colonp >= 0 {
		if tp == 16 {
			return false
		}
		n := tp - colonp
		for j := 1; j <= n; j++ {
			tmp[16-j] = tmp[colonp+n-j]
			tmp[colonp+n-j] = 0
		}
		tp = 16
	}
	if tp != 16 {
		return false
	}
	*dst = tmp
	return true
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// ntop formats an address as glibc inet_ntop does.
func ntop(a *[16]byte, v6 bool) string {
	if !v6 {
		return sprintf("%d.%d.%d.%d", a[0], a[1], a[2], a[3])
	}
	var w [8]uint16
	for i := range w {
		w[i] = uint16(a[2*i])<<8 | uint16(a[2*i+1])
	}
	bestBase, bestLen, curBase, curLen := -1, 0, -1, 0
	for i := 0; i < 8; i++ {
		if w[i] == 0 {
			if curBase < 0 {
				curBase, curLen = i, 1
			} else {
				curLen++
			}
			continue
		}
		if curBase >= 0 {
			if bestBase < 0 || curLen > bestLen {
				bestBase, bestLen = curBase, curLen
			}
			curBase = -1
		}
	}
	if curBase >= 0 && (bestBase < 0 || curLen > bestLen) {
		bestBase, bestLen = curBase, curLen
	}
	if bestBase >= 0 && bestLen < 2 {
		bestBase = -1
	}
	var b strings.Builder
	for i := 0; i < 8; i++ {
		if bestBase >= 0 && i >= bestBase && i < bestBase+bestLen {
			if i == bestBase {
				b.WriteByte(':')
			}
			continue
		}
		if i != 0 {
			b.WriteByte(':')
		}
		if i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && w[5] == 0xffff)) {
			b.WriteString(sprintf("%d.%d.%d.%d", a[12], a[13], a[14], a[15]))
			break
		}
		b.WriteString(sprintf("%x", w[i]))
	}
	if bestBase >= 0 && bestBase+bestLen == 8 {
		b.WriteByte(':')
	}
	return b.String()
}

// Name implements Table.
func (t *CIDRTable) Name() string { return "cidr:" + t.name }

// Fixed implements Table (cidr is a pattern table).
func (t *CIDRTable) Fixed() bool { return false }

// Lookup implements Table. Keys that inet_pton rejects match nothing. It
// does not allocate.
func (t *CIDRTable) Lookup(key string) (string, bool, error) {
	var a [16]byte
	v6 := strings.IndexByte(key, ':') >= 0
	if !parseAddr(key, v6, &a) {
		return "", false, nil
	}
	for i := 0; i < len(t.ops); {
		op := &t.ops[i]
		switch op.kind {
		case cidrBlock:
			if j := op.blk.find(v6, &a); j >= 0 {
				return op.blk.values[j], true, nil
			}
		case cidrNeg:
			if op.v6 == v6 && !inPrefix(&a, op, v6) {
				return op.value, true, nil
			}
		case cidrIf:
			if !(op.v6 == v6 && inPrefix(&a, op, v6) != op.neg) {
				if op.skip < 0 {
					return "", false, nil
				}
				i = op.skip
				continue
			}
		}
		i++
	}
	return "", false, nil
}

func inPrefix(a *[16]byte, op *cidrOp, v6 bool) bool {
	max := 32
	if v6 {
		max = 128
	}
	var m [16]byte
	maskAddr(&m, a, op.bits, max)
	return m == op.addr
}

// lookupLinear is the reference semantics: every rule in file order, no
// buckets. Tests and fuzz targets compare Lookup with it.
func (t *CIDRTable) lookupLinear(key string) (string, bool) {
	var a [16]byte
	v6 := strings.IndexByte(key, ':') >= 0
	if !parseAddr(key, v6, &a) {
		return "", false
	}
	for i := 0; i < len(t.ops); {
		op := &t.ops[i]
		switch op.kind {
		case cidrBlock:
			for j := range op.blk.rules {
				r := &op.blk.rules[j]
				if r.v6 == v6 && inPrefix(&a, r, v6) {
					return r.value, true
				}
			}
		case cidrNeg:
			if op.v6 == v6 && !inPrefix(&a, op, v6) {
				return op.value, true
			}
		case cidrIf:
			if !(op.v6 == v6 && inPrefix(&a, op, v6) != op.neg) {
				if op.skip < 0 {
					return "", false
				}
				i = op.skip
				continue
			}
		}
		i++
	}
	return "", false
}
