package trend

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// ErrorTally sums up rejected records by reason, so that a file with
// thousands of rows rejected for one cause gives a few lines, not
// thousands: for each [RowError.Kind], how many records, and the first
// [TallyLines] of them. The zero ErrorTally is empty and ready to use.
type ErrorTally struct {
	kinds map[string]*TallyEntry
	order []*TallyEntry
	n     int
}

// TallyLines is how many records of each reason an [ErrorTally] keeps.
const TallyLines = 3

// TallyEntry is one reason of an [ErrorTally].
type TallyEntry struct {
	Kind  string
	Count int
	// First holds the first TallyLines errors of this kind, in the order
	// added.
	First []*RowError
}

// Add counts e, and reports whether it is among the first TallyLines of
// its kind: a caller that shows errors as they come shows those.
func (t *ErrorTally) Add(e *RowError) (first bool) {
	k := e.Kind()
	if t.kinds == nil {
		t.kinds = make(map[string]*TallyEntry)
	}
	t.n++
	en, ok := t.kinds[k]
	if !ok {
		en = &TallyEntry{Kind: k}
		t.kinds[k] = en
		t.order = append(t.order, en)
	}
	en.Count++
	if len(en.First) < TallyLines {
		en.First = append(en.First, e)
		return true
	}
	return false
}

// Len returns the number of errors added.
func (t *ErrorTally) Len() int { return t.n }

// Entries returns the reasons in the order first met.
func (t *ErrorTally) Entries() []*TallyEntry { return slices.Clone(t.order) }

// Summary writes the tally in a few lines: nothing for an empty tally;
// else one line with the total, then one line per reason with more than
// TallyLines records (those with fewer were shown in full by Add's
// caller), giving its count and the lines of the first ones.
func (t *ErrorTally) Summary() string {
	if t.n == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s rejected", t.n, plural(t.n, "row", "rows"))
	if len(t.order) > 1 {
		fmt.Fprintf(&b, " for %d reasons", len(t.order))
	}
	for _, en := range t.order {
		if en.Count <= TallyLines {
			continue
		}
		lines := make([]string, len(en.First))
		for i, e := range en.First {
			lines[i] = strconv.Itoa(e.Line)
		}
		fmt.Fprintf(&b, "\n  %d × %s (lines %s, …; %d not shown)", en.Count, en.Kind, strings.Join(lines, ", "), en.Count-len(en.First))
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
