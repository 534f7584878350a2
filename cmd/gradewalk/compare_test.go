package main

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/grade"
)

// The command's JSON for a comparison is the library's: a program reading
// either finds the same keys and values.
func TestCompareJSONIsTheLibrarys(t *testing.T) {
	for _, pair := range [][2]string{
		{"hmic-peel-2014:Good", "hmicfrs-peel-2021:Adequate"},
		{"estyn-inspection-2010:Good", "estyn-inspection-2017:Good"}, // with an equivalence
		{"hmicfrs-peel-2021:Good", "hmicfrs-peel-2021:Adequate"},     // no caveats
	} {
		var stdout, stderr bytes.Buffer
		require.Equal(t, exitOK, run([]string{"compare", "-format", "json", pair[0], pair[1]}, nil, &stdout, &stderr), stderr.String())
		var fromCLI map[string]any
		require.NoError(t, json.Unmarshal(stdout.Bytes(), &fromCLI))

		lib, err := json.Marshal(mustCompare(t, pair))
		require.NoError(t, err)
		var fromLibrary map[string]any
		require.NoError(t, json.Unmarshal(lib, &fromLibrary))
		assert.Equal(t, fromLibrary, fromCLI, "%s vs %s", pair[0], pair[1])
	}
}

func mustCompare(t *testing.T, pair [2]string) crosswalk.Comparison {
	t.Helper()
	c, err := crosswalk.Default().Compare(grade.MustParseQualified(pair[0]), grade.MustParseQualified(pair[1]))
	require.NoError(t, err)
	return c
}
