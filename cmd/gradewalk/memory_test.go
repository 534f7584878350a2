package main

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// heapSampler records, from a goroutine of its own, the largest heap in
// use and the largest live heap (as the last collection found it) while a
// command runs: trend's peak comes while it reads and groups, before it
// writes anything, so that a writer's samples (peakWriter) miss it.
type heapSampler struct {
	stop        chan struct{}
	done        sync.WaitGroup
	inUse, live uint64
}

func startHeapSampler() *heapSampler {
	runtime.GC()
	s := &heapSampler{stop: make(chan struct{})}
	s.done.Add(1)
	go func() {
		defer s.done.Done()
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			metrics.Read(sample)
			s.inUse = max(s.inUse, ms.HeapInuse)
			s.live = max(s.live, sample[0].Value.Uint64())
			select {
			case <-s.stop:
				return
			case <-tick.C:
			}
		}
	}()
	return s
}

// finish stops the sampler and returns the peaks in MiB.
func (s *heapSampler) finish() (inUse, live float64) {
	runtime.GC() // so that the live heap of the run's end is counted
	close(s.stop)
	s.done.Wait()
	return float64(s.inUse) / (1 << 20), float64(s.live) / (1 << 20)
}

// BenchmarkTrendMemory reports the peak heap of trend on a million rows:
// in use (live and not yet collected, which the collector's pacing lets
// reach about twice the live heap) and live.
func BenchmarkTrendMemory(b *testing.B) {
	data := benchInput(b, 1_000_000)
	var inUse, live float64
	b.ReportAllocs()
	for b.Loop() {
		s := startHeapSampler()
		code := run([]string{"trend", "-format", "csv"}, bytes.NewReader(data), io.Discard, io.Discard)
		require.Equal(b, exitOK, code)
		i, l := s.finish()
		inUse, live = max(inUse, i), max(live, l)
	}
	// The input itself, held by the benchmark, is not the command's.
	input := float64(len(data)) / (1 << 20)
	b.ReportMetric(inUse-input, "peak-heap-MB")
	b.ReportMetric(live-input, "peak-live-MB")
}

// manySubjects yields CSV rows each of a subject of its own, so that the
// reader's intern table and the CLI's memos reach their bounds.
type manySubjects struct {
	n, done int
	buf     []byte
}

func (m *manySubjects) Read(p []byte) (int, error) {
	for len(m.buf) < len(p) && m.done <= m.n {
		if m.done == 0 {
			m.buf = append(m.buf, "subject,area,date,scale,grade\n"...)
		} else {
			m.buf = fmt.Appendf(m.buf, "subject number %d,area %d,%d-%02d-%02d,hmic-peel-2014,Good\n",
				m.done, m.done%1000, 2015+m.done%4, 1+m.done%12, 1+m.done%28)
		}
		m.done++
	}
	if len(m.buf) == 0 {
		return 0, io.EOF
	}
	k := copy(p, m.buf)
	m.buf = m.buf[:copy(m.buf, m.buf[k:])]
	return k, nil
}

// TestNormalizePeakManySubjects checks that normalize stays within 20 MB
// of heap however many distinct subjects, areas and dates it meets: the
// tables that keep them are bounded.
func TestNormalizePeakManySubjects(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 300,000 rows")
	}
	runtime.GC()
	w := &peakWriter{}
	var errOut strings.Builder
	code := run([]string{"normalize", "-format", "csv"}, &manySubjects{n: 300_000}, w, &errOut)
	require.Equal(t, exitOK, code, errOut.String())
	t.Logf("peak heap in use: %.1f MB", float64(w.peak)/(1<<20))
	assert.Less(t, w.peak, uint64(20<<20))
}
