package pinned

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMask(t *testing.T) {
	assert.Equal(t, "p #, se #, lo # to #; hmic-peel-2014:Good, 2019-05-02", Mask("p 0.546, se 0.0163, lo -0.34 to 1e-05; hmic-peel-2014:Good, 2019-05-02"))
	assert.Equal(t, "#,#,uncertain", Mask("0.5,12,uncertain"))
	assert.Equal(t, "λ = #", Mask("λ = 0.25"))
	assert.Equal(t, "x2 -x #%, (#)", Mask("x2 -x 45%, (-3.5e+02)"))
}

func TestComparable(t *testing.T) {
	assert.Equal(t, runtime.GOARCH == "amd64" && !fusesMultiplyAdd, Exact())
	if Exact() {
		assert.Equal(t, "0.5", Comparable("0.5"))
	} else {
		assert.Equal(t, "#", Comparable("0.5"))
	}
}
