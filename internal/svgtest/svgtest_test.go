package svgtest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/internal/svgtest"
)

func TestParse(t *testing.T) {
	doc, err := svgtest.Parse([]byte(`<?xml version="1.0"?><svg width="640" height="480"><title>T</title><desc>D</desc>` +
		`<g data-text="Good"><title>not the picture's</title></g><g data-text="2019"/></svg>`))
	require.NoError(t, err)
	assert.Equal(t, svgtest.Doc{Width: 640, Height: 480, Title: "T", Desc: "D", Texts: []string{"Good", "2019"}}, doc)
}

func TestParseRefuses(t *testing.T) {
	for name, data := range map[string]string{
		"not XML":   `<svg width="1" height="1"><title>T</title>`,
		"root":      `<html width="1" height="1"><title>T</title><desc>D</desc></html>`,
		"text":      `<svg width="1" height="1"><title>T</title><desc>D</desc><text>Good</text></svg>`,
		"width":     `<svg width="wide" height="1"><title>T</title><desc>D</desc></svg>`,
		"no height": `<svg width="1"><title>T</title><desc>D</desc></svg>`,
		"no title":  `<svg width="1" height="1"><desc>D</desc></svg>`,
		"no desc":   `<svg width="1" height="1"><title>T</title></svg>`,
	} {
		_, err := svgtest.Parse([]byte(data))
		assert.Error(t, err, name)
	}
}
