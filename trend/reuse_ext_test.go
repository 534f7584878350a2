package trend_test

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/internal/gen"
	"github.com/gradewalk/gradewalk/trend"
)

// describe reads every record of in and describes each, or its error, as
// read.
func describe(t *testing.T, in []byte, opt trend.CSVOptions) []string {
	rd, err := trend.NewCSVReaderWith(bytes.NewReader(in), nil, opt)
	require.NoError(t, err)
	var out []string
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			out = append(out, err.Error())
			continue
		}
		text, _ := rec.Text()
		out = append(out, fmt.Sprintf("%d %q %q %v %s", rec.Line, rec.Values, text, rec.Columns, rec.Observation))
	}
}

// TestCSVReaderReuse checks that a reader with CSVOptions.Reuse reads the
// same records and errors as one without.
func TestCSVReaderReuse(t *testing.T) {
	data, err := io.ReadAll(gen.CSV(20_000, 5))
	require.NoError(t, err)
	var b strings.Builder
	b.Write(data)
	b.WriteString("force-1,effectiveness,2019-13-01,hmic-peel-2014,Good,x\n")
	b.WriteString("force-1,effectiveness,2019-05-01,hmic-peel-2014,Great,x\n")
	b.WriteString("\"force-2\",effectiveness,2019-05-01,hmic-peel-2014,Good,\"y\nz\"\n")
	b.WriteString("force-3,efficiency,2016,hmic-peel-2014,good,w")
	in := []byte(b.String())
	want := describe(t, in, trend.CSVOptions{})
	assert.Len(t, want, 20_004)
	assert.Equal(t, want, describe(t, in, trend.CSVOptions{Reuse: true}))
}
