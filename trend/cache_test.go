package trend

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestKeepAnswers checks that answers without error are kept once, that
// every error is kept, and that a full idCache starts again.
func TestKeepAnswers(t *testing.T) {
	var ic idCache
	a := inForce{one: 0, scales: []int{0}}
	b := inForce{one: -1, scales: []int{0, 1}}
	assert.Equal(t, uint16(1), ic.keep(a))
	assert.Equal(t, uint16(2), ic.keep(b))
	assert.Equal(t, uint16(1), ic.keep(inForce{one: 0, scales: []int{0}}), "the same scales are one answer")
	boom := inForce{one: -1, err: errors.New("not in force")}
	assert.Equal(t, uint16(3), ic.keep(boom))
	assert.Equal(t, uint16(4), ic.keep(boom), "errors are not merged: each names its date")
	ic.spans[0].Set(100, 1)
	for len(ic.answers) < maxAnswers {
		ic.keep(boom)
	}
	assert.Equal(t, uint16(1), ic.keep(boom), "a full cache starts again")
	assert.Equal(t, uint16(0), ic.spans[0].At(100), "and forgets its spans")
}

// TestFamilyDatesFarApart reads rows of a family whose dates lie further
// apart than a span table covers, alternately, so that the table starts
// again on every row: each row still gets the registry's answer.
func TestFamilyDatesFarApart(t *testing.T) {
	var b strings.Builder
	b.WriteString("subject,area,date,scale,grade\n")
	for i := range 50 {
		fmt.Fprintf(&b, "s%d,a,1200-01-%02d,hmicfrs-police,Good\n", i, i%28+1)
		fmt.Fprintf(&b, "s%d,a,2019-05-%02d,hmicfrs-police,Good\n", i, i%28+1)
	}
	rd, err := NewReader(strings.NewReader(b.String()), nil)
	require.NoError(t, err)
	obs, rejected, err := ReadAll(rd)
	require.NoError(t, err)
	require.Len(t, obs, 50)
	require.Len(t, rejected, 50)
	for _, o := range obs {
		assert.Equal(t, "hmic-peel-2014", o.Grade.Scale().ID())
	}
	for _, re := range rejected {
		assert.Equal(t, "date", re.Field)
		assert.Contains(t, re.Value, "1200-01-")
	}
}

// TestCollector checks that a collector gives back what it was given,
// whatever its expectation: exact, too low, too high or none.
func TestCollector(t *testing.T) {
	for _, n := range []int{0, 1, probeObservations - 1, probeObservations, probeObservations + 1, 70_000, 200_000} {
		in := make([]Observation, n)
		for i := range in {
			in[i].Subject = fmt.Sprint(i)
		}
		for name, expect := range map[string]func(int) int{
			"exact": func(int) int { return n },
			"low":   func(int) int { return n / 3 },
			"high":  func(int) int { return 2 * n },
			"none":  func(int) int { return 0 },
		} {
			c := collector{expect: expect}
			for _, o := range in {
				c.add(o)
			}
			got := c.result()
			require.Len(t, got, n, "%s, n = %d", name, n)
			for i := range got {
				if got[i] != in[i] {
					t.Fatalf("%s, n = %d: observation %d is %v", name, n, i, got[i])
				}
			}
			if name == "exact" && n > probeObservations {
				assert.LessOrEqual(t, cap(got), n+n/32+64, "room for a little more than expected, no more")
			}
		}
	}
}

// TestReadAllSized checks that ReadAll makes its slice about as long as
// needed when the input says how long it is, and fills it in order.
func TestReadAllSized(t *testing.T) {
	var b strings.Builder
	b.WriteString("subject,area,date,scale,grade\n")
	const n = 20_000
	for i := range n {
		fmt.Fprintf(&b, "s%d,a,2019-05-02,hmic-peel-2014,Good\n", i)
	}
	rd, err := NewReader(strings.NewReader(b.String()), nil)
	require.NoError(t, err)
	obs, rejected, err := ReadAll(rd)
	require.NoError(t, err)
	assert.Empty(t, rejected)
	require.Len(t, obs, n)
	assert.LessOrEqual(t, cap(obs), n+n/8, "the first rows are shorter than the last: the estimate is a little high")
	assert.Equal(t, "s19999", obs[n-1].Subject)
}

// TestShortKey16 checks shortKey16's loads against the key's definition:
// the bytes, zeros, and the length in the last byte.
func TestShortKey16(t *testing.T) {
	text := "abcdefghijklmnopq\xff\x00é"
	for from := range len(text) {
		for to := from; to <= len(text); to++ {
			s := text[from:to]
			k, ok := shortKey16(s)
			if len(s) == 0 || len(s) > 15 {
				assert.False(t, ok, "%q", s)
				continue
			}
			var b [16]byte
			copy(b[:], s)
			b[15] = byte(len(s))
			want := [2]uint64{binary.LittleEndian.Uint64(b[:8]), binary.LittleEndian.Uint64(b[8:])}
			require.True(t, ok, "%q", s)
			assert.Equal(t, want, k, "%q", s)
		}
	}
}
