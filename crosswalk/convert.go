package crosswalk

import (
	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
)

// Match is one level of a target scale that a converted grade may stand for,
// with the share of the grade's band that the level's band covers.
type Match struct {
	Grade grade.Grade `json:"grade"`
	Share float64     `json:"share"`
}

// String writes the match for people, as the qualified grade and its share:
// "hmicfrs-peel-2021:Adequate 40%" (see [Percent]).
func (m Match) String() string { return m.Grade.String() + " " + Percent(m.Share) }

// Convert returns the levels of to whose bands overlap g's band, worst
// first, each with the share of g's band it covers; the shares sum to 1.
// When g's band is a single point, the level containing it has share 1, or
// two levels share it equally when the point is the cut between them.
func (c *Crosswalk) Convert(g grade.Grade, to *scale.Scale) ([]Match, error) {
	c = c.orDefault()
	band, err := c.Band(g)
	if err != nil {
		return nil, err
	}
	bands, err := c.Bands(to)
	if err != nil {
		return nil, err
	}
	var matches []Match
	if w := band.Width(); w > 0 {
		for h, b := range bands {
			overlap := min(band.Hi, b.Hi) - max(band.Lo, b.Lo)
			if overlap > 0 {
				matches = append(matches, Match{h, overlap / w})
			}
		}
		return matches, nil
	}
	p := band.Lo
	for h, b := range bands {
		if b.Width() > 0 && b.Lo <= p && p <= b.Hi {
			matches = append(matches, Match{h, 1})
		}
	}
	for i := range matches {
		matches[i].Share = 1 / float64(len(matches))
	}
	return matches, nil
}

// flatTolerance absorbs rounding when a percentile rank falls exactly on a
// cut point shared by zero-width bands.
const flatTolerance = 1e-12

// Equate returns the equipercentile equivalent of g on to, in to's level
// units, where level k spans [k-½, k+½] (Kolen and Brennan's percentile-rank
// method, as in the R package equate). The percentile rank P of g is the
// middle of its band; the result inverts to's continuised cumulative
// distribution at P. P = 0 maps to ½ and P = 1 to n+½; where P falls on a flat
// stretch (levels with zero-width bands), the result is the middle of that
// stretch.
func (c *Crosswalk) Equate(g grade.Grade, to *scale.Scale) (float64, error) {
	c = c.orDefault()
	band, err := c.Band(g)
	if err != nil {
		return 0, err
	}
	cuts, err := c.CutPoints(to)
	if err != nil {
		return 0, err
	}
	n := len(cuts) - 1
	p := band.Mid()
	switch {
	case p <= 0:
		return 0.5, nil
	case p >= 1:
		return float64(n) + 0.5, nil
	}
	// cuts[k] is the cumulative proportion at the top of level k, k+½ in
	// level units. Find the first k with cuts[k] >= p.
	k := 1
	for k < n && cuts[k] < p-flatTolerance {
		k++
	}
	if cuts[k]-p > flatTolerance {
		lo := cuts[k-1]
		return float64(k) - 0.5 + (p-lo)/(cuts[k]-lo), nil
	}
	// p is at cut k; it stays there through every zero-width level above.
	m := k
	for m < n && cuts[m+1]-p <= flatTolerance {
		m++
	}
	return float64(k+m)/2 + 0.5, nil
}
