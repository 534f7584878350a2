package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// normalizeWith runs normalize -format csv on in, copying the text of
// plain records or not, and returns standard output and error.
func normalizeWith(t *testing.T, in string, copyText bool) (string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	c := &cli{stdin: strings.NewReader(in), stdout: &stdout, stderr: &stderr}
	for _, cmd := range commands {
		if cmd.name == "normalize" {
			c.cmd = cmd
		}
	}
	var inp input
	inp.flags(c.flags())
	_, code, ok := c.parse([]string{"-format", "csv"}, 0, 1)
	require.True(t, ok, "exit %d", code)
	rd, closer, _, ok := inp.open(c, nil)
	if !ok {
		return stdout.String(), stderr.String()
	}
	defer closer()
	nw := &normWriter{format: c.format, w: bufio.NewWriter(c.stdout), copyText: copyText}
	require.NoError(t, normalize(c, &inp, rd, nw))
	inp.finish()
	return stdout.String(), stderr.String()
}

var copyTextInputs = []string{
	"subject,area,date,scale,grade\ns,a,2019,hmic-peel-2014,Good\n",
	"scale,grade,subject,area,date,x\nhmicfrs-police,Good,s,a,2019-05-02,1\r\nhmic-peel-2014,good,s,a,2019,2\r\n",
	"subject,area,date,scale,grade,rank,x\ns,a,2019,hmic-peel-2014,Good,99, y\ns,a,2019,hmic-peel-2014,Good,99,\\.\ns,a,2019,hmic-peel-2014,Good,99,\ty\n",
	"subject,area,date,scale,grade,x\ns,a,2019,hmic-peel-2014,Good,a\rb\n s ,a,2019,hmic-peel-2014, Good ,\n",
	"subject,area,date,scale,grade,x\ns,a,2019,hmic-peel-2014,Good,\"q,q\"\ns,a,2019,hmic-peel-2014,Good,\"multi\nline\"\ns,a,2019,hmic-peel-2014,Good,plain\n",
	"\uFEFFsubject,area,date,scale,grade,score,band_lo\ns,a,2019,hmic-peel-2014,Good,,\ns,a,2019,hmic-peel-2014,Good,x,y,z\n",
	"x,subject,area,date,scale,grade,y\n,s,a,2019,hmic-peel-2014,Good,\nü,s,a,2019,hmic-peel-2014,Good,\xff\n",
}

// TestNormalizeCopyText checks that copying a record's text gives what
// writing each field does.
func TestNormalizeCopyText(t *testing.T) {
	for _, in := range copyTextInputs {
		wantOut, wantErr := normalizeWith(t, in, false)
		gotOut, gotErr := normalizeWith(t, in, true)
		assert.Equal(t, wantOut, gotOut, "%q", in)
		assert.Equal(t, wantErr, gotErr, "%q", in)
	}
}

func FuzzNormalizeCopyText(f *testing.F) {
	for _, in := range copyTextInputs {
		f.Add(in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		wantOut, wantErr := normalizeWith(t, in, false)
		gotOut, gotErr := normalizeWith(t, in, true)
		if wantOut != gotOut || wantErr != gotErr {
			t.Fatalf("input %q:\ncopying text: %q %q\nfield by field: %q %q", in, gotOut, gotErr, wantOut, wantErr)
		}
	})
}

// TestNormalizeManyScales covers normWriter's cache past the scales it
// searches in order: every row gets its own scale's columns.
func TestNormalizeManyScales(t *testing.T) {
	var defs, rows strings.Builder
	defs.WriteString("[")
	rows.WriteString("subject,area,date,scale,grade\n")
	const n = scalesSearched + 5
	for i := range n {
		if i > 0 {
			defs.WriteString(",")
		}
		fmt.Fprintf(&defs, `{"id": "test-many-%d", "name": "Test %d", "issuer": "Test", "family": "test-many-%d", "era": {"from": "2020"},
			"levels": [{"label": "Low %d"}, {"label": "Mid %d"}, {"label": "High %d"}]}`, i, i, i, i, i, i)
	}
	defs.WriteString("]")
	for round := range 2 {
		for i := range n {
			fmt.Fprintf(&rows, "s,a,2021,test-many-%d,%s %d\n", i, []string{"Low", "High"}[round], i)
		}
	}
	path := filepath.Join(t.TempDir(), "many.json")
	require.NoError(t, os.WriteFile(path, []byte(defs.String()), 0o644))
	out, errOut, code := runCase([]string{"normalize", "-format", "csv", "-scales", path}, rows.String())
	require.Equal(t, exitOK, code, errOut)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 1+2*n)
	for round := range 2 {
		for i := range n {
			f := strings.Split(lines[1+round*n+i], ",")
			assert.Equal(t, fmt.Sprintf("test-many-%d", i), f[3])
			assert.Equal(t, fmt.Sprintf("%s %d", []string{"Low", "High"}[round], i), f[5])
			assert.Equal(t, []string{"1", "3"}[round], f[6])
		}
	}
}
