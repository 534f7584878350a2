package main

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestCSVSinkNumbers checks that csvSink writes every float as
// appendNumber does, whether or not it has met the value before.
func TestCSVSinkNumbers(t *testing.T) {
	values := []float64{0.1, 0.30000000000000004, 0.1, math.Copysign(0, -1), 0, math.NaN(), math.NaN(), math.Inf(1), 2.0 / 3, 2.0 / 3}
	for i := range maxNumbers + 10 {
		values = append(values, float64(i)/7)
	}
	values = append(values, 0.1, 2.0/3)
	var out bytes.Buffer
	sink := newSink("csv", &out, []string{"x"})
	var want strings.Builder
	want.WriteString("x\n")
	for _, v := range values {
		sink.row(float(v))
		want.Write(appendNumber(nil, v, numberDigits))
		want.WriteString("\n")
	}
	assert.NoError(t, sink.close())
	assert.Equal(t, want.String(), out.String())
}
