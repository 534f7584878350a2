package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// unorderedInput has four forces graded on PEEL 2021/22 before PEEL 2014
// (dates a file can hold, though the eras rule them out) and one in order.
const unorderedInput = `subject,area,date,scale,grade
A,effectiveness,2019,hmic-peel-2014,Good
A,effectiveness,2022,hmicfrs-peel-2021,Adequate
B,effectiveness,2022,hmicfrs-peel-2021,Good
B,effectiveness,2023,hmic-peel-2014,Good
C,effectiveness,2022,hmicfrs-peel-2021,Good
C,effectiveness,2023,hmic-peel-2014,Good
D,effectiveness,2022,hmicfrs-peel-2021,Good
D,effectiveness,2023,hmic-peel-2014,Good
E,effectiveness,2022,hmicfrs-peel-2021,Good
E,effectiveness,2023,hmic-peel-2014,Good
`

// TestTransitionsGolden runs trend -transitions as TestGolden runs the
// other subcommands.
func TestTransitionsGolden(t *testing.T) {
	for _, tc := range []struct {
		name  string
		args  []string
		stdin string
	}{
		{"trend-transitions", []string{"trend", "-transitions", "hmic-peel-2014,hmicfrs-peel-2021", "testdata/forces.csv"}, ""},
		{"trend-transitions-flows", []string{"trend", "-transitions", "hmic-peel-2014,hmicfrs-peel-2021", "-flows", "-format", "table", "testdata/illustrative-43.csv"}, ""},
		{"trend-transitions-json", []string{"trend", "-transitions", "hmic-peel-2014,hmicfrs-peel-2021", "-crosswalk", "data", "-format", "json", "-"}, unorderedInput},
		{"trend-transitions-flows-json", []string{"trend", "-transitions", "hmic-peel-2014,hmicfrs-peel-2021", "-flows", "-format", "json", "testdata/forces.csv"}, ""},
		{"trend-transitions-unordered", []string{"trend", "-transitions", "hmic-peel-2014,hmicfrs-peel-2021"}, unorderedInput},
		{"usage-transitions-one-scale", []string{"trend", "-transitions", "hmic-peel-2014", "testdata/forces.csv"}, ""},
		{"usage-transitions-same-scale", []string{"trend", "-transitions", "hmic-peel-2014,hmic-peel-2014", "testdata/forces.csv"}, ""},
		{"usage-transitions-family", []string{"trend", "-transitions", "hmicfrs-police,hmicfrs-peel-2021", "testdata/forces.csv"}, ""},
		{"usage-transitions-summary", []string{"trend", "-summary", "-transitions", "hmic-peel-2014,hmicfrs-peel-2021", "testdata/forces.csv"}, ""},
		{"usage-flows-alone", []string{"trend", "-flows", "testdata/forces.csv"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCase(tc.args, tc.stdin)
			checkGolden(t, tc.name, tc.args, out, errOut, code)
		})
	}
}

// The rows and the counts agree, in every format: each row is one
// subject and area, and the counts sum to the rows.
func TestTransitionsRowsAndFlowsAgree(t *testing.T) {
	args := []string{"trend", "-transitions", "hmic-peel-2014,hmicfrs-peel-2021", "testdata/illustrative-43.csv"}
	out, errOut, code := runCase(append(args, "-format", "csv"), "")
	require.Equal(t, exitOK, code, errOut)
	rows := strings.Split(strings.TrimSpace(out), "\n")
	assert.Len(t, rows, 1+43, "a header and a row per force")

	out, errOut, code = runCase(append(args, "-format", "json", "-flows"), "")
	require.Equal(t, exitOK, code, errOut)
	var flows struct {
		Crosswalk, From, To string
		Flows               []struct {
			From, To string
			Count    int
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &flows), out)
	assert.Equal(t, "hmic-peel-2014", flows.From)
	assert.Len(t, flows.Flows, 4*5, "every pair of grades, zeros included")
	total := 0
	for _, f := range flows.Flows {
		total += f.Count
	}
	assert.Equal(t, 43, total)

	out, errOut, code = runCase(append(args, "-format", "json"), "")
	require.Equal(t, exitOK, code, errOut)
	var steps struct {
		Transitions []json.RawMessage
		Unordered   []json.RawMessage
	}
	require.NoError(t, json.Unmarshal([]byte(out), &steps), out)
	assert.Len(t, steps.Transitions, 43)
	assert.NotNil(t, steps.Unordered, "an empty list, not null")
	assert.Empty(t, steps.Unordered)
}
