// Package gen generates benchmark input for gradewalk: CSV observations of
// police forces graded on the HMIC and HMICFRS scales, deterministic for a
// seed, produced as they are read so that a million rows cost no memory.
package gen

import (
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/gradewalk/gradewalk/scale"
)

// Header is the header row the generator writes.
const Header = "subject,area,date,scale,grade,ref\n"

// era is a span of dates on which one scale of the hmicfrs-police family,
// and no other, was in force.
type era struct {
	id     string
	from   time.Time
	days   int
	labels []string
}

// openEraEnd is the last date generated for a scale still in force.
var openEraEnd = time.Date(2025, time.December, 31, 0, 0, 0, 0, time.UTC)

// eras reads each scale's span from the catalogue, so that generated dates
// always fall in its era.
func eras() []era {
	ids := []string{"hmic-pledge-2009", "hmic-peel-2014", "hmicfrs-peel-2021", "hmicfrs-peel-2023"}
	out := make([]era, len(ids))
	for i, id := range ids {
		s, ok := scale.Lookup(id)
		if !ok {
			panic("gen: built-in scale " + id + " is missing")
		}
		from, to := s.Era().From, s.Era().Until
		if s.Era().IsOpen() {
			to = openEraEnd
		}
		var labels []string
		for l := range s.Labels() {
			labels = append(labels, l)
		}
		out[i] = era{id, from, int(to.Sub(from).Hours()/24) + 1, labels}
	}
	return out
}

var areas = []string{"effectiveness", "efficiency", "legitimacy"}

// Reader produces a CSV header and then rows of observations.
type Reader struct {
	rows, done int
	subjects   int
	rng        *rand.Rand
	eras       []era
	dates      [][]string // per era, each day written as YYYY-MM-DD
	buf        []byte
	off        int
}

// CSV returns a reader of the header and n rows, the same for the same n
// and seed. About one subject in sixty rows, three areas each, so that a
// series has about twenty observations. Rows name the scale by ID or by
// family (then the date is a full date inside one era), write labels in
// canonical or lower case, and carry an extra column "ref".
func CSV(n int, seed uint64) *Reader {
	r := &Reader{rows: n, subjects: max(1, n/60), rng: rand.New(rand.NewPCG(seed, uint64(n))), eras: eras()}
	r.dates = make([][]string, len(r.eras))
	for i, e := range r.eras {
		r.dates[i] = make([]string, e.days)
		for d := range e.days {
			r.dates[i][d] = e.from.AddDate(0, 0, d).Format(time.DateOnly)
		}
	}
	r.buf = append(r.buf, Header...)
	return r
}

func (r *Reader) Read(p []byte) (int, error) {
	for r.off == len(r.buf) {
		if r.done == r.rows {
			return 0, io.EOF
		}
		r.buf, r.off = r.buf[:0], 0
		for len(r.buf) < 32<<10 && r.done < r.rows {
			r.buf = r.appendRow(r.buf)
			r.done++
		}
	}
	n := copy(p, r.buf[r.off:])
	r.off += n
	return n, nil
}

func (r *Reader) appendRow(b []byte) []byte {
	rng := r.rng
	b = append(b, "force-"...)
	b = strconv.AppendInt(b, int64(rng.IntN(r.subjects)+1), 10)
	b = append(b, ',')
	b = append(b, areas[rng.IntN(len(areas))]...)
	b = append(b, ',')
	ei := rng.IntN(len(r.eras))
	e := &r.eras[ei]
	byFamily := rng.IntN(2) == 0
	d := r.dates[ei][rng.IntN(e.days)]
	if !byFamily && rng.IntN(10) == 0 {
		d = d[:7] // a year and month
	}
	b = append(b, d...)
	b = append(b, ',')
	if byFamily {
		b = append(b, "hmicfrs-police"...)
	} else {
		b = append(b, e.id...)
	}
	b = append(b, ',')
	label := e.labels[rng.IntN(len(e.labels))]
	if rng.IntN(4) == 0 {
		label = strings.ToLower(label)
	}
	b = append(b, label...)
	b = append(b, ",r"...)
	b = strconv.AppendInt(b, int64(r.done), 10)
	return append(b, '\n')
}

// Mixed is a wide CSV input of the kinds of record a real file holds, and
// how many of its grades a reader should give each way: as observations,
// skipped as missing, or rejected.
type Mixed struct {
	CSV                     string
	Read, Skipped, Rejected int
	// Records is the number of records; each has GradesPerRecord grades.
	Records, GradesPerRecord int
}

// MixedCSV returns n records of a wide file with the columns subject,
// date, scale, now and before (two grade columns, each to be read as an
// area of its own), at random for a seed: grades good, missing (empty, NA
// or NULL) or not a label, in records whose date and scale are good, whose
// date cannot be read (a good grade is then rejected, a missing one still
// skipped) or whose scale does not exist (every grade rejected).
func MixedCSV(n int, seed uint64) Mixed {
	rng := rand.New(rand.NewPCG(seed, uint64(n)))
	m := Mixed{Records: n, GradesPerRecord: 2}
	var b strings.Builder
	b.WriteString("subject,date,scale,now,before\n")
	for range n {
		date, scaleID := "2016-0"+strconv.Itoa(1+rng.IntN(9))+"-15", "hmic-peel-2014"
		badDate, badScale := false, false
		switch rng.IntN(20) {
		case 0:
			date, badDate = "2016-13-01", true
		case 1:
			scaleID, badScale = "no-such-scale", true
		}
		b.WriteString("force-" + strconv.Itoa(rng.IntN(50)) + "," + date + "," + scaleID)
		for range m.GradesPerRecord {
			var g string
			switch k := rng.IntN(10); {
			case k < 6:
				g = []string{"Good", "Outstanding", "requires improvement"}[rng.IntN(3)]
				if badDate || badScale {
					m.Rejected++
				} else {
					m.Read++
				}
			case k < 8:
				g = []string{"", "NA", "NULL"}[rng.IntN(3)]
				if badScale {
					m.Rejected++
				} else {
					m.Skipped++
				}
			default:
				g = "Great"
				m.Rejected++
			}
			b.WriteString("," + g)
		}
		b.WriteString("\n")
	}
	m.CSV = b.String()
	return m
}
