package logline

import "time"

// YearInferrer assigns a year to timestamps that have none (RFC 3164 and
// Postfix maillog_file lines: "Nov 22 14:06:48").
//
// The rule is deterministic and depends only on the Reference and on the
// timestamps seen before, in order:
//
//  1. The first year-less timestamp gets the year of the Reference (in the
//     Parser's Location), unless that puts it more than one day after the
//     Reference; then it gets the year before. Log files are written before
//     they are read, so pass the file's modification time (or the current
//     time) as Reference: a file whose first line is "Dec 31" read on
//     January 2nd is dated in the previous year.
//  2. Every later year-less timestamp gets the year, among the year of the
//     previous timestamp and the years just before and after it, that puts it
//     closest in time to the previous timestamp (ties go to the earlier
//     year). So "Dec 31 23:59:59" followed by "Jan  1 00:00:00" moves to the
//     next year, and a late "Dec 31" line after "Jan  1" lines moves back
//     to the previous year: December→January works in both directions.
//  3. A timestamp that carries its year (RFC 3339, RFC 5424) becomes the
//     previous timestamp for rule 2 as it is.
//
// For a stream in chronological order whose consecutive lines are less than
// six months apart this yields non-decreasing times across any number of New
// Years. The zero YearInferrer uses the current time as Reference.
type YearInferrer struct {
	Reference time.Time // see rule 1; zero: time.Now() when first needed

	started   bool
	lastYear  int
	lastMonth time.Month
	lastUnix  int64
}

// Reset forgets the previous timestamps and sets a new reference.
func (y *YearInferrer) Reset(ref time.Time) { *y = YearInferrer{Reference: ref} }

// observe records a timestamp that carries its own year.
func (y *YearInferrer) observe(t int64, year int, mon time.Month) {
	y.started = true
	y.lastUnix = t
	y.lastYear = year
	y.lastMonth = mon
}

// infer returns the Unix time of the year-less timestamp, using c for the
// conversion from civil time in loc.
func (y *YearInferrer) infer(c *civilCache, loc *time.Location, mon time.Month, day, hh, mm, ss int) int64 {
	if y.started && mon == y.lastMonth {
		t := c.unix(loc, y.lastYear, mon, day, hh, mm, ss)
		y.lastUnix = t
		return t
	}
	var year int
	var t int64
	if !y.started {
		ref := y.Reference
		if ref.IsZero() {
			ref = time.Now()
		}
		ref = ref.In(loc)
		year = ref.Year()
		t = c.unix(loc, year, mon, day, hh, mm, ss)
		if t > ref.Unix()+86400 {
			year--
			t = c.unix(loc, year, mon, day, hh, mm, ss)
		}
	} else {
		best := int64(-1)
		for _, cand := range [3]int{y.lastYear - 1, y.lastYear, y.lastYear + 1} {
			ct := c.unix(loc, cand, mon, day, hh, mm, ss)
			d := ct - y.lastUnix
			if d < 0 {
				d = -d
			}
			if best < 0 || d < best {
				best, year, t = d, cand, ct
			}
		}
	}
	y.started = true
	y.lastYear = year
	y.lastMonth = mon
	y.lastUnix = t
	return t
}

// civilCache converts civil times in a Location to Unix seconds, caching the
// start of the last hour seen. An hour is cached only when the Location's
// offset does not change within it.
type civilCache struct {
	loc     *time.Location
	key     int64
	base    int64
	uniform bool
	valid   bool
}

func (c *civilCache) unix(loc *time.Location, year int, mon time.Month, day, hh, mm, ss int) int64 {
	if loc == time.UTC {
		return civilUnix(year, int(mon), day) + int64(hh*3600+mm*60+ss)
	}
	key := int64(year)<<20 | int64(mon)<<15 | int64(day)<<8 | int64(hh)
	if !c.valid || c.key != key || c.loc != loc {
		t0 := time.Date(year, mon, day, hh, 0, 0, 0, loc).Unix()
		t1 := time.Date(year, mon, day, hh, 59, 59, 0, loc).Unix()
		c.loc, c.key, c.base, c.uniform, c.valid = loc, key, t0, t1-t0 == 3599, true
	}
	if !c.uniform {
		return time.Date(year, mon, day, hh, mm, ss, 0, loc).Unix()
	}
	return c.base + int64(mm*60+ss)
}

// civilUnix returns the Unix time of midnight UTC of the given date
// (proleptic Gregorian; Howard Hinnant's days_from_civil).
func civilUnix(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y
	if era < 0 {
		era -= 399
	}
	era /= 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	days := int64(era)*146097 + int64(doe) - 719468
	return days * 86400
}

func daysIn(m time.Month, year int) int {
	switch m {
	case time.February:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}
