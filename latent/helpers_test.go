package latent

import (
	"os"
	"testing"
	"time"

	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
	"github.com/stretchr/testify/require"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func obsOf(subject string, t time.Time, g grade.Grade) trend.Observation {
	return trend.Observation{Subject: subject, Area: "overall", Date: t, Grade: g}
}

func gradeOf(s *scale.Scale, rank int) grade.Grade {
	g, err := grade.FromRank(s, rank)
	if err != nil {
		panic(err)
	}
	return g
}

// readCSV reads observations as the CLI does.
func readCSV(t testing.TB, path string) []trend.Observation {
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	rd, err := trend.NewReader(f, nil)
	require.NoError(t, err)
	obs, rejected, err := trend.ReadAll(rd)
	require.NoError(t, err)
	require.Empty(t, rejected)
	return obs
}

// inOrder puts observations in series and date order, as trend.Group does.
func inOrder(obs []trend.Observation) []trend.Observation {
	var out []trend.Observation
	for _, s := range trend.Group(obs) {
		out = append(out, s.Observations...)
	}
	return out
}

// logCutPoints logs the cut points of every scale of m's crosswalk.
func logCutPoints(t *testing.T, m *Model) {
	for s := range m.Scales() {
		cuts, err := m.Crosswalk().CutPoints(s)
		require.NoError(t, err)
		t.Logf("%s: cut points %.3f", s.ID(), cuts)
	}
}
