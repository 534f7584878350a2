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
